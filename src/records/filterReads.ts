// What a filter reads besides its record decides what may be memoised (engine/RunMemo, rules/context).

/** Whether a definition (as JSON) has a time condition, which reads the run's clock. */
export function readsClock(json: string): boolean {
  return /"(max_age|min_age|min_ahead|max_ahead|not_past|past)"\s*:/.test(json);
}

/** Filters that read nothing but the record: their selections may be shared across snapshots. */
export function pureWhere(whereJson: string): boolean {
  return !readsClock(whereJson) && !/"(\$join|path_exists)"\s*:/.test(whereJson);
}
