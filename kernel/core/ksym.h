#ifndef CAPOS_CORE_KSYM_H
#define CAPOS_CORE_KSYM_H
#include "lib/util/symtab.h"

/* The kernel's own symbol table, embedded by the second link pass. */
struct symtab_hit ksym_lookup(uintptr_t addr);
size_t ksym_count(void);

#endif
