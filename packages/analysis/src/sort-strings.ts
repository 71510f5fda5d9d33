/**
 * `list` sorted in place as by `list.sort()`: an insertion sort, since the built-in sort
 * allocates more than a few strings are worth; long lists use the built-in sort.
 */
export function sortStrings(list: string[]): string[] {
  if (list.length > 16) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const x = list[i] ?? '';
    let j = i - 1;
    while (j >= 0 && (list[j] ?? '') > x) {
      list[j + 1] = list[j] ?? '';
      j -= 1;
    }
    list[j + 1] = x;
  }
  return list;
}
