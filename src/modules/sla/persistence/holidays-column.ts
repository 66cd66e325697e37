/** `date[]` read as `YYYY-MM-DD` text, never through the driver's local-time Date parsing. */
export const holidaysColumn = (alias: string): string =>
  `ARRAY(SELECT to_char(h, 'YYYY-MM-DD') FROM unnest(${alias}.holidays) AS h ORDER BY h) AS holidays`;
