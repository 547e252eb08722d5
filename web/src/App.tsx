import { useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { setUnauthorizedHandler } from './api.ts';
import { I18nProvider } from './i18n.tsx';
import { meKey, useMe } from './session.tsx';
import { RequireAuth } from './layout/RequireAuth.tsx';
import { NotFoundPage } from './layout/NotFoundPage.tsx';
import { LoginPage } from './pages/login/LoginPage.tsx';
import { ContactsPage } from './pages/contacts/ContactsPage.tsx';
import { ContactDrawer } from './pages/contacts/ContactDrawer.tsx';
import { ConversationsPage } from './pages/conversations/ConversationsPage.tsx';
import { SandboxPage } from './pages/sandbox/SandboxPage.tsx';
import { LeadsPage } from './pages/leads/LeadsPage.tsx';
import { ImportsPage } from './pages/imports/ImportsPage.tsx';
import { SettingsPage } from './pages/settings/SettingsPage.tsx';
import { OrganizationSettings } from './pages/settings/OrganizationSettings.tsx';
import { UsersSettings } from './pages/settings/UsersSettings.tsx';
import { TokensSettings } from './pages/settings/TokensSettings.tsx';
import { WebhooksSettings } from './pages/settings/WebhooksSettings.tsx';
import { BusinessProfileSettings } from './pages/settings/BusinessProfileSettings.tsx';
import { PipelineSettings } from './pages/settings/PipelineSettings.tsx';
import { ScoringSettings } from './pages/settings/ScoringSettings.tsx';
import { AiProviderSettings } from './pages/settings/AiProviderSettings.tsx';
import { AutopilotSettings } from './pages/autopilot/AutopilotSettings.tsx';
import { ChannelsSettings } from './pages/channels/ChannelsSettings.tsx';
import { CampaignsPage } from './pages/campaigns/CampaignsPage.tsx';
import { CampaignBuilder } from './pages/campaigns/CampaignBuilder.tsx';
import { CampaignDashboard } from './pages/campaigns/CampaignDashboard.tsx';
import { ReactivationPage } from './pages/reactivation/ReactivationPage.tsx';
import { QueueTab } from './pages/reactivation/QueueTab.tsx';
import { RulesTab } from './pages/reactivation/RulesTab.tsx';
import { ReactivationSettingsTab } from './pages/reactivation/SettingsTab.tsx';
import { DashboardRoute } from './pages/reactivation/DashboardRoute.tsx';
import { ReengagementPage } from './pages/reengagement/ReengagementPage.tsx';
import { BookingPage } from './pages/booking/BookingPage.tsx';
import { CalendarTab } from './pages/booking/CalendarTab.tsx';
import { StaffTab } from './pages/booking/StaffTab.tsx';
import { ServicesTab } from './pages/booking/ServicesTab.tsx';
import { ImportVisitsTab } from './pages/booking/ImportVisitsTab.tsx';
import { ConnectionTab } from './pages/booking/ConnectionTab.tsx';

export function App() {
  const queryClient = useQueryClient();
  const me = useMe();

  useEffect(() => {
    // A 401 from any call means the session is gone: forget it, and <RequireAuth> redirects to /login.
    setUnauthorizedHandler(() => queryClient.setQueryData(meKey, null));
  }, [queryClient]);

  return (
    <I18nProvider timeZone={me.data?.organization.timezone}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<Navigate to="/conversations" replace />} />
          <Route path="conversations" element={<ConversationsPage />} />
          <Route path="conversations/:conversationId" element={<ConversationsPage />} />
          <Route path="contacts" element={<ContactsPage />}>
            <Route path=":contactId" element={<ContactDrawer />} />
          </Route>
          <Route path="leads" element={<LeadsPage />} />
          <Route path="reengagement" element={<ReengagementPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="imports/:importId" element={<ImportsPage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="campaigns/:campaignId" element={<CampaignDashboard />} />
          <Route path="campaigns/:campaignId/edit" element={<CampaignBuilder />} />
          <Route path="sandbox" element={<SandboxPage />} />
          <Route path="sandbox/:conversationId" element={<SandboxPage />} />
          <Route path="booking" element={<BookingPage />}>
            <Route index element={<Navigate to="calendar" replace />} />
            <Route path="calendar" element={<CalendarTab />} />
            <Route path="staff" element={<StaffTab />} />
            <Route path="services" element={<ServicesTab />} />
            <Route path="import" element={<ImportVisitsTab />} />
            <Route path="connection" element={<ConnectionTab />} />
          </Route>
          <Route path="reactivation" element={<ReactivationPage />}>
            <Route index element={<Navigate to="queue" replace />} />
            <Route path="queue" element={<QueueTab />} />
            <Route path="rules" element={<RulesTab />} />
            <Route path="settings" element={<ReactivationSettingsTab />} />
            <Route path="dashboard" element={<DashboardRoute />} />
          </Route>
          <Route path="settings" element={<SettingsPage />}>
            <Route index element={<Navigate to="organization" replace />} />
            <Route path="organization" element={<OrganizationSettings />} />
            <Route path="users" element={<UsersSettings />} />
            <Route path="tokens" element={<TokensSettings />} />
            <Route path="webhooks" element={<WebhooksSettings />} />
            <Route path="business-profile" element={<BusinessProfileSettings />} />
            <Route path="scoring" element={<ScoringSettings />} />
            <Route path="pipelines" element={<PipelineSettings />} />
            <Route path="ai" element={<AiProviderSettings />} />
            <Route path="autopilot" element={<AutopilotSettings />} />
            <Route path="channels" element={<ChannelsSettings />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </I18nProvider>
  );
}
