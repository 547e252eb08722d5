import type { ReactNode } from 'react';

/** A Reactivation card's heading: its title with a line of explanation under it, and its actions (if any) beside. */
export function CardHeading({ title, intro, children }: { title: string; intro: string; children?: ReactNode }) {
  return (
    <div className="react-card-head">
      <div>
        <h2 className="card-title">{title}</h2>
        <p className="muted small">{intro}</p>
      </div>
      {children}
    </div>
  );
}
