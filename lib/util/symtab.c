#include "lib/util/symtab.h"

/* Largest entry with entry.addr <= addr, by binary search. The name offset
 * is checked against the blob so a damaged table cannot send us off into
 * memory. */
struct symtab_hit symtab_lookup(const struct symtab *st, uint64_t addr)
{
	struct symtab_hit miss = { 0, 0 };
	if (!st->count || addr < st->entries[0].addr || addr >= st->text_end)
		return miss;
	size_t lo = 0, hi = st->count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->entries[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	const struct symtab_entry *e = &st->entries[lo];
	if (e->name_off >= st->names_len)
		return miss;
	return (struct symtab_hit){ st->names + e->name_off, addr - e->addr };
}
