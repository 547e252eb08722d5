/** Demo customers of a Bishkek beauty salon writing in Russian, Kyrgyz and English. */
export const DEMO_CONTACTS: Array<{ firstName: string; lastName: string; phone: string; language: string; tags: string[] }> = [
  { firstName: 'Айгуль', lastName: 'Токтогулова', phone: '+996 700 123 456', language: 'ru', tags: ['vip', 'manicure'] },
  { firstName: 'Нурлан', lastName: 'Абдыкеримов', phone: '+996 555 234 567', language: 'ky', tags: ['haircut'] },
  { firstName: 'Елена', lastName: 'Смирнова', phone: '+996 770 345 678', language: 'ru', tags: ['coloring', 'vip'] },
  { firstName: 'Jessica', lastName: 'Miller', phone: '+1 415 555 2671', language: 'en', tags: ['tourist'] },
  { firstName: 'Бермет', lastName: 'Садыкова', phone: '+996 705 456 789', language: 'ky', tags: ['manicure'] },
  { firstName: 'Дмитрий', lastName: 'Ким', phone: '+996 550 567 890', language: 'ru', tags: ['barber'] },
  { firstName: 'Асель', lastName: 'Жумабаева', phone: '+996 777 678 901', language: 'ru', tags: ['spa'] },
  { firstName: 'Тимур', lastName: 'Исаков', phone: '+996 701 789 012', language: 'ru', tags: ['barber'] },
  { firstName: 'Chloé', lastName: 'Martin', phone: '+33 6 12 34 56 78', language: 'fr', tags: ['tourist'] },
  { firstName: 'Гульнара', lastName: 'Осмонова', phone: '+996 703 890 123', language: 'ky', tags: ['coloring'] },
  { firstName: 'Мария', lastName: 'Петрова', phone: '+7 912 345 67 89', language: 'ru', tags: ['manicure'] },
  { firstName: 'Азамат', lastName: 'Бекович', phone: '+996 556 901 234', language: 'ru', tags: [] },
  { firstName: 'Жылдыз', lastName: 'Мамытова', phone: '+996 708 012 345', language: 'ky', tags: ['spa', 'vip'] },
  { firstName: 'Ольга', lastName: 'Иванова', phone: '+996 772 135 791', language: 'ru', tags: ['haircut'] },
  { firstName: 'Kerem', lastName: 'Yılmaz', phone: '+90 532 123 45 67', language: 'tr', tags: [] },
  { firstName: 'Айжан', lastName: 'Калыкова', phone: '+996 709 246 802', language: 'ru', tags: ['manicure'] },
  { firstName: 'Руслан', lastName: 'Эсенов', phone: '+996 557 357 913', language: 'ru', tags: ['barber'] },
  { firstName: 'Светлана', lastName: 'Ли', phone: '+996 771 468 024', language: 'ru', tags: ['coloring'] },
  { firstName: 'Медина', lastName: 'Алиева', phone: '+996 702 579 135', language: 'ru', tags: ['spa'] },
  { firstName: 'Emma', lastName: 'Schmidt', phone: '+49 151 23456789', language: 'de', tags: ['tourist'] },
  { firstName: 'Канат', lastName: 'Турдубаев', phone: '+996 558 680 246', language: 'ky', tags: [] },
  { firstName: 'Диана', lastName: 'Орозова', phone: '+996 706 791 357', language: 'ru', tags: ['manicure', 'vip'] },
  { firstName: 'Сергей', lastName: 'Волков', phone: '+996 773 802 468', language: 'ru', tags: ['barber'] },
  { firstName: 'Алина', lastName: 'Касымова', phone: '+996 704 913 579', language: 'ru', tags: ['haircut'] },
  { firstName: 'Эрмек', lastName: 'Сатыбалдиев', phone: '+996 559 024 680', language: 'ky', tags: [] },
  { firstName: 'Наталья', lastName: 'Морозова', phone: '+996 774 135 792', language: 'ru', tags: ['coloring'] },
  { firstName: 'Актан', lastName: 'Рысбеков', phone: '+996 707 246 803', language: 'ky', tags: ['barber'] },
  { firstName: 'Камила', lastName: 'Юсупова', phone: '+998 90 123 45 67', language: 'uz', tags: ['spa'] },
  { firstName: 'Виктория', lastName: 'Ким', phone: '+996 775 357 914', language: 'ru', tags: ['manicure'] },
  { firstName: 'Бакыт', lastName: 'Жээнбеков', phone: '+996 554 468 025', language: 'ky', tags: [] },
  { firstName: 'Анна', lastName: 'Ковальская', phone: '+48 512 345 678', language: 'pl', tags: ['tourist'] },
  { firstName: 'Чолпон', lastName: 'Акматова', phone: '+996 776 579 136', language: 'ky', tags: ['haircut'] },
  { firstName: 'Игорь', lastName: 'Соколов', phone: '+996 553 680 247', language: 'ru', tags: ['barber'] },
  { firstName: 'Зарина', lastName: 'Нуриева', phone: '+996 779 791 358', language: 'ru', tags: ['coloring', 'vip'] },
  { firstName: 'Michael', lastName: 'Brown', phone: '+44 7911 123456', language: 'en', tags: ['tourist'] },
  { firstName: 'Айпери', lastName: 'Байзакова', phone: '+996 700 802 469', language: 'ky', tags: ['manicure'] },
];

/** Dialog scripts: [direction, text]; 'in' is the customer. Stage is where the demo lead sits. */
export const DEMO_DIALOGS: Array<{ stage: string; lines: Array<['in' | 'out', string]> }> = [
  {
    stage: 'consultation_booked',
    lines: [
      ['in', 'Здравствуйте! Сколько стоит маникюр с покрытием?'],
      ['out', 'Здравствуйте, Айгуль! Маникюр с покрытием гель-лаком — 1200 сом. Есть окна завтра в 11:00 и 15:30.'],
      ['in', 'Запишите меня на 15:30, пожалуйста'],
      ['out', 'Записала вас на завтра в 15:30 к мастеру Динаре. Ждём!'],
      ['in', 'Спасибо! 🙏'],
    ],
  },
  {
    stage: 'qualified',
    lines: [
      ['in', 'Саламатсызбы! Эркектердин чач кыркуусу канча турат?'],
      ['out', 'Саламатсызбы! Чач кыркуу — 600 сом, сакал менен — 900 сом.'],
      ['in', 'Жакшы, ишемби күнү бош убакыт барбы?'],
    ],
  },
  {
    stage: 'new_lead',
    lines: [
      ['in', 'Добрый день, делаете окрашивание в технике airtouch?'],
      ['out', 'Добрый день, Елена! Да, делаем. Стоимость от 6500 сом, зависит от длины. Хотите консультацию с колористом?'],
      ['in', 'Да, хочу. А сколько по времени занимает?'],
      ['out', 'Обычно 4–5 часов. Консультация бесплатная, 15 минут.'],
      ['in', 'Отлично, подумаю и напишу'],
    ],
  },
  {
    stage: 'consultation_booked',
    lines: [
      ['in', "Hi! I'm visiting Bishkek next week. Do you do gel nails and pedicure?"],
      ['out', 'Hi Jessica! Yes, both. Gel manicure is 1200 KGS, pedicure 1500 KGS. When would you like to come?'],
      ['in', 'Tuesday afternoon would be perfect. Can you do both at once?'],
      ['out', 'Sure — Tuesday 14:00 with two masters, about 1.5 hours total. Shall I book it?'],
      ['in', 'Yes please, book it!'],
    ],
  },
  {
    stage: 'deal_lost',
    lines: [
      ['in', 'Сколько стоит спа-программа для двоих?'],
      ['out', 'Спа-программа для двоих — 9000 сом, 2 часа: хаммам, массаж, чай.'],
      ['in', 'Дорого, спасибо, не интересно'],
    ],
  },
  {
    stage: 'not_qualified',
    lines: [
      ['in', 'Здравствуйте, вы продаёте профессиональную косметику оптом?'],
      ['out', 'Здравствуйте! Нет, мы салон красоты и оптом не продаём.'],
    ],
  },
  {
    stage: 'deal_closed',
    lines: [
      ['in', 'Добрый вечер! Хочу подарочный сертификат на 5000 сом'],
      ['out', 'Добрый вечер! Конечно. Оформить на чьё имя?'],
      ['in', 'На имя Мадина. Оплачу переводом'],
      ['out', 'Готово! Сертификат пришлём сюда после оплаты. Реквизиты: Mbank, +996 700 000 000.'],
      ['in', 'Оплатила, спасибо!'],
      ['out', 'Спасибо! Вот ваш сертификат 🎁'],
    ],
  },
];
