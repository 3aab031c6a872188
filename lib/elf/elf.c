/* ELF64 executable validation.
 *
 * elf_validate() decides whether a boot module is a program the loader can
 * map safely, before anything is mapped. Every field is read from the file
 * with memcpy (the module may sit at any byte offset) and every sum of
 * untrusted values is checked for overflow before it is formed.
 *
 * The checks come in three passes.
 *
 *   1. File header. Magic, ELFCLASS64, little-endian, EV_CURRENT, ET_EXEC,
 *      EM_X86_64, and the header and program-header sizes we decode. ET_DYN
 *      is refused: PIE and shared objects need a relocator we do not have.
 *      e_phnum is 1..ELF_MAX_PHNUM (so PN_XNUM never appears) and the table
 *      must lie inside the file.
 *
 *   2. Each program header, in table order. A PT_LOAD must have filesz <=
 *      memsz, its file bytes inside the file, no wrap in vaddr + memsz, every
 *      page inside [user_lo, user_hi), a power-of-two alignment of at least
 *      a page (0 and 1 mean "a page"), and vaddr congruent to offset modulo
 *      the page size, so a file page lands at the right virtual page. W+X is
 *      refused outright. A segment may not share a page with an earlier one:
 *      allowing it would mean merging permissions and file contents for the
 *      shared page, which is where loaders traditionally go wrong. The
 *      page-rounded sizes are summed against max_memsz_total. Segments with
 *      memsz 0 pass the same checks but map nothing and are not recorded.
 *      PT_INTERP and PT_DYNAMIC mean the program expects a dynamic linker;
 *      an executable PT_GNU_STACK is refused; PT_TLS is checked and
 *      recorded; PT_PHDR is recorded. Everything else (notes, GNU property,
 *      RELRO, EH frame) is advisory and ignored.
 *
 *   3. The whole image. At least one segment; the entry point inside an
 *      executable one; the TLS template inside a segment; the program
 *      headers' address for AT_PHDR, either from PT_PHDR (which must lie in a
 *      segment) or found by locating e_phoff inside a segment's file bytes.
 *
 * What the loader still owes: a segment's last file page usually holds bytes
 * past filesz (the next section, or the next segment's data), and those
 * addresses must read as zero (.bss). So the loader copies exactly filesz
 * bytes into fresh zeroed frames rather than mapping module pages directly.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/elf/elf.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "headers are memcpy'd, so the host must be little-endian");
_Static_assert(offsetof(struct elf64_ehdr, e_entry) == 24, "e_entry");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(struct elf64_ehdr, e_ehsize) == 52, "e_ehsize");
_Static_assert(offsetof(struct elf64_ehdr, e_phnum) == 56, "e_phnum");
_Static_assert(offsetof(struct elf64_phdr, p_offset) == 8, "p_offset");
_Static_assert(offsetof(struct elf64_phdr, p_vaddr) == 16, "p_vaddr");
_Static_assert(offsetof(struct elf64_phdr, p_filesz) == 32, "p_filesz");
_Static_assert(offsetof(struct elf64_phdr, p_align) == 48, "p_align");

#define PAGE_MASK ((uint64_t)ELF_PAGE_SIZE - 1)
#define PHDR_ALIGN 8	/* the C runtime reads phdrs in place as structs */

/* State carried across the program-header walk. */
struct elf_walk {
	const uint8_t *file;
	size_t size;
	const struct elf_limits *lim;
	struct elf_image *img;
	uint64_t total;		/* page-rounded bytes accepted so far */
	bool has_pt_phdr;
};

static uint64_t page_down(uint64_t a)
{
	return a & ~PAGE_MASK;
}

/* Callers ensure a is at most a page-aligned bound, so this cannot wrap. */
static uint64_t page_up(uint64_t a)
{
	return (a + PAGE_MASK) & ~PAGE_MASK;
}

static bool is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* Does [off, off + len) lie inside [0, size)? Never forms off + len. */
static bool range_fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int elf_limits_check(const struct elf_limits *lim)
{
	if (lim == NULL || lim->user_lo >= lim->user_hi ||
	    (lim->user_lo & PAGE_MASK) != 0 || (lim->user_hi & PAGE_MASK) != 0)
		return ELF_ERR_LIMITS;
	return ELF_OK;
}

static int elf_ident_check(const uint8_t *id)
{
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return ELF_ERR_MAGIC;
	if (id[ELF_EI_CLASS] != ELF_CLASS64)
		return ELF_ERR_CLASS;
	if (id[ELF_EI_DATA] != ELF_DATA2LSB)
		return ELF_ERR_DATA;
	if (id[ELF_EI_VERSION] != ELF_EV_CURRENT)
		return ELF_ERR_VERSION;
	return ELF_OK;
}

static int elf_ehdr_check(const struct elf64_ehdr *eh, size_t size)
{
	int err = elf_ident_check(eh->e_ident);

	if (err != ELF_OK)
		return err;
	if (eh->e_version != ELF_EV_CURRENT)
		return ELF_ERR_VERSION;
	if (eh->e_type != ELF_ET_EXEC)
		return ELF_ERR_TYPE;
	if (eh->e_machine != ELF_EM_X86_64)
		return ELF_ERR_MACHINE;
	if (eh->e_ehsize != ELF_EHDR_SIZE)
		return ELF_ERR_EHSIZE;
	if (eh->e_phentsize != ELF_PHDR_SIZE)
		return ELF_ERR_PHENTSIZE;
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return ELF_ERR_PHNUM;
	// phnum <= 64 keeps the product small; the offset is the risky part.
	if (!range_fits(eh->e_phoff, (uint64_t)eh->e_phnum * ELF_PHDR_SIZE,
			size))
		return ELF_ERR_PHDR_BOUNDS;
	return ELF_OK;
}

static struct elf64_phdr elf_phdr_read(const uint8_t *file,
				       const struct elf64_ehdr *eh, unsigned i)
{
	struct elf64_phdr ph;

	memcpy(&ph, file + eh->e_phoff + (size_t)i * ELF_PHDR_SIZE, sizeof(ph));
	return ph;
}

static uint32_t elf_prot_from_flags(uint32_t flags)
{
	return ((flags & ELF_PF_R) ? ELF_PROT_R : 0) |
	       ((flags & ELF_PF_W) ? ELF_PROT_W : 0) |
	       ((flags & ELF_PF_X) ? ELF_PROT_X : 0);
}

/* The checks that concern one PT_LOAD on its own. */
static int elf_load_check(const struct elf64_phdr *ph, size_t size,
			  const struct elf_limits *lim)
{
	uint64_t align = ph->p_align <= 1 ? ELF_PAGE_SIZE : ph->p_align;

	if (ph->p_filesz > ph->p_memsz)
		return ELF_ERR_FILESZ;
	if (!range_fits(ph->p_offset, ph->p_filesz, size))
		return ELF_ERR_FILE_BOUNDS;
	if (ph->p_memsz > UINT64_MAX - ph->p_vaddr)
		return ELF_ERR_VADDR_WRAP;
	// Both bounds are page-aligned, so the page-rounded span fits too.
	if (ph->p_vaddr < lim->user_lo ||
	    ph->p_vaddr + ph->p_memsz > lim->user_hi)
		return ELF_ERR_USER_RANGE;
	if (!is_pow2(align) || align < ELF_PAGE_SIZE)
		return ELF_ERR_ALIGN;
	if (((ph->p_vaddr ^ ph->p_offset) & PAGE_MASK) != 0)
		return ELF_ERR_CONGRUENCE;
	if ((ph->p_flags & ELF_PF_W) && (ph->p_flags & ELF_PF_X))
		return ELF_ERR_WX;
	return ELF_OK;
}

static bool elf_pages_overlap(const struct elf_segment *s, uint64_t lo,
			      uint64_t hi)
{
	return page_down(s->vaddr) < hi && lo < page_up(s->vaddr + s->memsz);
}

/* Checks against the segments accepted so far, then records this one. */
static int elf_load_add(struct elf_walk *w, const struct elf64_phdr *ph)
{
	struct elf_image *img = w->img;
	uint64_t lo = page_down(ph->p_vaddr);
	uint64_t hi = page_up(ph->p_vaddr + ph->p_memsz);

	if (ph->p_memsz == 0)
		return ELF_OK;
	if (img->nsegments == ELF_MAX_SEGMENTS)
		return ELF_ERR_TOO_MANY;
	for (uint32_t i = 0; i < img->nsegments; i++)
		if (elf_pages_overlap(&img->seg[i], lo, hi))
			return ELF_ERR_OVERLAP;
	if (hi - lo > w->lim->max_memsz_total - w->total)
		return ELF_ERR_TOTAL_SIZE;
	w->total += hi - lo;
	img->seg[img->nsegments++] = (struct elf_segment){
		.vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
		.file_off = ph->p_offset, .filesz = ph->p_filesz,
		.prot = elf_prot_from_flags(ph->p_flags),
	};
	img->lowest = lo < img->lowest ? lo : img->lowest;
	img->highest = hi > img->highest ? hi : img->highest;
	return ELF_OK;
}

/* PT_TLS is read from memory, not the file, so only filesz must be backed
 * (checked once all segments are known). memsz sizes every thread's TLS
 * block, so it is held to the program's memory budget. */
static int elf_tls_add(struct elf_walk *w, const struct elf64_phdr *ph)
{
	uint64_t align = ph->p_align == 0 ? 1 : ph->p_align;

	if (w->img->has_tls)
		return ELF_ERR_TLS;
	if (ph->p_filesz > ph->p_memsz ||
	    ph->p_memsz > w->lim->max_memsz_total)
		return ELF_ERR_TLS;
	if (!is_pow2(align) || align > ELF_MAX_TLS_ALIGN)
		return ELF_ERR_TLS;
	w->img->has_tls = true;
	w->img->tls = (struct elf_tls){
		.vaddr = ph->p_vaddr, .filesz = ph->p_filesz,
		.memsz = ph->p_memsz, .align = align,
	};
	return ELF_OK;
}

static int elf_phdr_walk(struct elf_walk *w, const struct elf64_phdr *ph)
{
	int err;

	switch (ph->p_type) {
	case ELF_PT_LOAD:
		err = elf_load_check(ph, w->size, w->lim);
		return err != ELF_OK ? err : elf_load_add(w, ph);
	case ELF_PT_TLS:
		return elf_tls_add(w, ph);
	case ELF_PT_INTERP:
		return ELF_ERR_INTERP;
	case ELF_PT_DYNAMIC:
		return ELF_ERR_DYNAMIC;
	case ELF_PT_GNU_STACK:
		return (ph->p_flags & ELF_PF_X) ? ELF_ERR_EXEC_STACK : ELF_OK;
	case ELF_PT_PHDR:
		w->has_pt_phdr = true;
		w->img->phdr_vaddr = ph->p_vaddr;
		return ELF_OK;
	default:
		return ELF_OK;
	}
}

/* The recorded segment holding all of [addr, addr + len), or NULL.
 * Segments never share a page, so at most one can hold addr. */
static const struct elf_segment *elf_segment_find(const struct elf_image *img,
						  uint64_t addr, uint64_t len)
{
	for (uint32_t i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		if (addr >= s->vaddr && range_fits(addr - s->vaddr, len,
						   s->memsz))
			return s;
	}
	return NULL;
}

/* Without PT_PHDR the table is mapped only if some segment's file bytes
 * happen to contain it (usually the first, which starts at offset 0). */
static uint64_t elf_phdr_find(const struct elf_image *img, uint64_t phoff,
			      uint64_t len)
{
	for (uint32_t i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		if (phoff >= s->file_off &&
		    range_fits(phoff - s->file_off, len, s->filesz))
			return s->vaddr + (phoff - s->file_off);
	}
	return 0;
}

static int elf_phdr_locate(struct elf_walk *w, const struct elf64_ehdr *eh)
{
	struct elf_image *img = w->img;
	uint64_t len = (uint64_t)eh->e_phnum * ELF_PHDR_SIZE;

	if (!w->has_pt_phdr) {
		img->phdr_vaddr = elf_phdr_find(img, eh->e_phoff, len);
		if (img->phdr_vaddr % PHDR_ALIGN != 0)
			img->phdr_vaddr = 0;
		return ELF_OK;
	}
	if (img->phdr_vaddr % PHDR_ALIGN != 0 ||
	    elf_segment_find(img, img->phdr_vaddr, len) == NULL)
		return ELF_ERR_PHDR_SEGMENT;
	return ELF_OK;
}

static int elf_image_check(struct elf_walk *w, const struct elf64_ehdr *eh)
{
	const struct elf_image *img = w->img;
	const struct elf_segment *s;

	if (img->nsegments == 0)
		return ELF_ERR_NO_LOAD;
	s = elf_segment_find(img, img->entry, 1);
	if (s == NULL || (s->prot & ELF_PROT_X) == 0)
		return ELF_ERR_ENTRY;
	if (img->has_tls &&
	    elf_segment_find(img, img->tls.vaddr, img->tls.filesz) == NULL)
		return ELF_ERR_TLS;
	return elf_phdr_locate(w, eh);
}

int elf_validate(const void *file, size_t size, const struct elf_limits *lim,
		 struct elf_image *out)
{
	struct elf_walk w = { .file = file, .size = size, .lim = lim,
			      .img = out };
	struct elf64_ehdr eh;
	int err = elf_limits_check(lim);

	if (err != ELF_OK)
		return err;
	if (size < sizeof(eh))
		return ELF_ERR_TRUNCATED;
	memcpy(&eh, file, sizeof(eh));
	if ((err = elf_ehdr_check(&eh, size)) != ELF_OK)
		return err;
	memset(out, 0, sizeof(*out));
	out->entry = eh.e_entry;
	out->phnum = eh.e_phnum;
	out->lowest = UINT64_MAX;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph = elf_phdr_read(w.file, &eh, i);
		if ((err = elf_phdr_walk(&w, &ph)) != ELF_OK)
			return err;
	}
	return elf_image_check(&w, &eh);
}

const char *elf_strerror(int err)
{
	switch ((enum elf_err)err) {
	case ELF_OK: return "ok";
	case ELF_ERR_LIMITS: return "invalid load limits (caller bug)";
	case ELF_ERR_TRUNCATED: return "file is smaller than an ELF header";
	case ELF_ERR_MAGIC: return "not an ELF file (bad magic)";
	case ELF_ERR_CLASS: return "not a 64-bit ELF file";
	case ELF_ERR_DATA: return "ELF file is not little-endian";
	case ELF_ERR_VERSION: return "unknown ELF version";
	case ELF_ERR_TYPE: return "not a static executable (ET_EXEC)";
	case ELF_ERR_MACHINE: return "not an x86_64 ELF file";
	case ELF_ERR_EHSIZE: return "ELF header size is not 64";
	case ELF_ERR_PHENTSIZE: return "program header size is not 56";
	case ELF_ERR_PHNUM: return "program header count is 0 or above 64";
	case ELF_ERR_PHDR_BOUNDS:
		return "program header table runs past the end of the file";
	case ELF_ERR_FILESZ:
		return "segment file size exceeds its memory size";
	case ELF_ERR_FILE_BOUNDS:
		return "segment data runs past the end of the file";
	case ELF_ERR_VADDR_WRAP:
		return "segment address range wraps around";
	case ELF_ERR_USER_RANGE:
		return "segment lies outside the user address range";
	case ELF_ERR_ALIGN:
		return "segment alignment is not a power of two >= 4096";
	case ELF_ERR_CONGRUENCE:
		return "segment address and file offset differ modulo 4096";
	case ELF_ERR_WX: return "segment is both writable and executable";
	case ELF_ERR_OVERLAP: return "two segments share a page";
	case ELF_ERR_TOO_MANY: return "more than 16 loadable segments";
	case ELF_ERR_TOTAL_SIZE: return "segments exceed the memory limit";
	case ELF_ERR_NO_LOAD: return "no loadable segment";
	case ELF_ERR_ENTRY:
		return "entry point is not in an executable segment";
	case ELF_ERR_INTERP:
		return "program needs an interpreter (PT_INTERP)";
	case ELF_ERR_DYNAMIC:
		return "program is dynamically linked (PT_DYNAMIC)";
	case ELF_ERR_TLS: return "malformed or duplicate PT_TLS segment";
	case ELF_ERR_EXEC_STACK: return "program asks for an executable stack";
	case ELF_ERR_PHDR_SEGMENT:
		return "PT_PHDR is not inside a loadable segment";
	}
	return "unknown ELF error";
}
