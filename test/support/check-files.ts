/** Where a check lives: `CloudTrail.4` → `cloudtrail-4`, `trailscan.kms-key-usable` → `trailscan-kms-key-usable`. */
export const checkFileOf = (id: string): string => id.toLowerCase().replace(/\./g, '-');
