/* Multiboot1 and multiboot2 boot information -> struct boot_info.
 *
 * Multiboot2 hands us one self-contained block: a u32 total_size, a u32
 * reserved word, then tags {u32 type, u32 size, payload} each starting on an
 * 8-byte boundary, ended by a tag of type 0. We walk it with one cursor and
 * keep the invariant `off + 8 <= total <= max_len` before touching a tag
 * header, and `size <= total - off` before touching its payload, so no tag,
 * however hostile, can make us read past the block. A zero-sized tag cannot
 * loop us forever because size < 8 is rejected and the cursor always moves
 * forward by at least 8.
 *
 * Multiboot1 instead hands us a fixed structure full of *physical* pointers
 * (cmdline, module list, memory map, loader name), gated by bits in `flags`.
 * Each of those is fetched through the caller's phys_reader with an exact
 * length, so the host can stand in a byte buffer for RAM. Strings, whose
 * length is unknown, are read a byte at a time until NUL, up to the copy's
 * capacity.
 *
 * Policy for repeated tags: the first command line / loader name wins, all
 * memory map entries are appended, the ACPI 2.0 RSDP beats the 1.0 one
 * whatever their order. Structures are described by packed structs below
 * only to pin their layout; fields are read with ld_le*() at offsetof().
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/boot/multiboot.h"

#define OFF(type, field) offsetof(struct type, field)

/* ---- multiboot2 layouts ---- */

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MEMINFO = 4,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
} __attribute__((packed));

struct mb2_tag_module {
	struct mb2_tag hdr;
	uint32_t mod_start;
	uint32_t mod_end;
	/* NUL-terminated string follows */
} __attribute__((packed));

struct mb2_tag_meminfo {
	struct mb2_tag hdr;
	uint32_t mem_lower;
	uint32_t mem_upper;
} __attribute__((packed));

struct mb2_tag_mmap {
	struct mb2_tag hdr;
	uint32_t entry_size;
	uint32_t entry_version;
	/* entries follow */
} __attribute__((packed));

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct mb2_tag) == 8, "mb2 tag header");
_Static_assert(sizeof(struct mb2_tag_module) == 16, "mb2 module tag");
_Static_assert(sizeof(struct mb2_tag_meminfo) == 16, "mb2 meminfo tag");
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "mb2 mmap tag");
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "mb2 mmap entry");
_Static_assert(OFF(mb2_mmap_entry, type) == 16, "mb2 mmap entry type");

/* ---- multiboot1 layouts ---- */

enum {
	MB1_FLAG_MEM = 1u << 0,
	MB1_FLAG_CMDLINE = 1u << 2,
	MB1_FLAG_MODS = 1u << 3,
	MB1_FLAG_MMAP = 1u << 6,
	MB1_FLAG_LOADER = 1u << 9,
};

/* Only the prefix we read; the full structure is 116 bytes. */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower;
	uint32_t mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

struct mb1_module {
	uint32_t mod_start;
	uint32_t mod_end;
	uint32_t string;
	uint32_t reserved;
} __attribute__((packed));

/* `size` counts the bytes after itself, so entries are size + 4 apart. */
struct mb1_mmap_entry {
	uint32_t size;
	uint64_t base;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));

_Static_assert(OFF(mb1_info, mmap_length) == 44, "mb1 mmap_length");
_Static_assert(OFF(mb1_info, boot_loader_name) == 64, "mb1 loader name");
_Static_assert(sizeof(struct mb1_info) == 68, "mb1 info prefix");
_Static_assert(sizeof(struct mb1_module) == 16, "mb1 module");
_Static_assert(sizeof(struct mb1_mmap_entry) == 24, "mb1 mmap entry");

/* ---- shared helpers ---- */

static enum boot_mem_type mb_mem_type(uint32_t t)
{
	switch (t) {
	case 1: return BOOT_MEM_USABLE;
	case 3: return BOOT_MEM_ACPI_RECLAIM;
	case 4: return BOOT_MEM_NVS;
	case 5: return BOOT_MEM_BAD;
	default: return BOOT_MEM_RESERVED;
	}
}

static void mb_region_add(struct boot_info *out, uint64_t base,
			  uint64_t length, uint32_t type)
{
	if (length > UINT64_MAX - base)	/* keep base + length representable */
		length = UINT64_MAX - base;
	if (length == 0)
		return;
	if (out->nregions == BOOT_MMAP_MAX) {
		out->truncated |= BOOT_TRUNC_MMAP;
		return;
	}
	struct boot_mem_region *r = &out->regions[out->nregions++];
	r->base = base;
	r->length = length;
	r->type = mb_mem_type(type);
}

/* Copy a string that must end with NUL inside src[0..avail). */
static int mb_str_copy(char *dst, size_t cap, const uint8_t *src,
		       size_t avail, uint32_t *trunc, uint32_t bit)
{
	size_t n = strnlen((const char *)src, avail);
	if (n == avail)
		return BOOT_ERR_STRING;
	if (n > cap - 1) {
		n = cap - 1;
		*trunc |= bit;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* With no memory map, the two meminfo numbers describe conventional memory
 * below 640 KiB and extended memory from 1 MiB up. */
static void mb_mmap_synthesize(struct boot_info *out)
{
	if ((out->flags & BOOT_HAS_MMAP) || !(out->flags & BOOT_HAS_MEMINFO))
		return;
	mb_region_add(out, 0, (uint64_t)out->mem_lower_kib << 10, 1);
	mb_region_add(out, 1u << 20, (uint64_t)out->mem_upper_kib << 10, 1);
	out->flags |= BOOT_MMAP_SYNTH;
}

/* ---- multiboot2 ---- */

static int mb_str_check(const uint8_t *src, size_t avail)
{
	return strnlen((const char *)src, avail) == avail ? BOOT_ERR_STRING : 0;
}

static int mb2_string(struct boot_info *out, char *dst, size_t cap,
		      const uint8_t *tag, uint32_t size, uint32_t has,
		      uint32_t trunc)
{
	if (out->flags & has)	/* the first one wins; later ones must be sane */
		return mb_str_check(tag + 8, size - 8);
	int err = mb_str_copy(dst, cap, tag + 8, size - 8, &out->truncated,
			      trunc);
	if (err == 0)
		out->flags |= has;
	return err;
}

static int mb2_module(struct boot_info *out, const uint8_t *tag, uint32_t size)
{
	const size_t hdr = sizeof(struct mb2_tag_module);
	if (size < hdr)
		return BOOT_ERR_TAG_SIZE;
	uint32_t start = ld_le32(tag + OFF(mb2_tag_module, mod_start));
	uint32_t end = ld_le32(tag + OFF(mb2_tag_module, mod_end));
	if (end < start)
		return BOOT_ERR_MODULE;
	if (out->nmodules == BOOT_MODULES_MAX) {
		out->truncated |= BOOT_TRUNC_MODULES;
		return mb_str_check(tag + hdr, size - hdr);
	}
	struct boot_module *m = &out->modules[out->nmodules];
	m->start = start;
	m->end = end;
	int err = mb_str_copy(m->cmdline, sizeof(m->cmdline), tag + hdr,
			      size - hdr, &out->truncated, BOOT_TRUNC_MODCMD);
	if (err == 0)
		out->nmodules++;
	return err;
}

static int mb2_mmap(struct boot_info *out, const uint8_t *tag, uint32_t size)
{
	const size_t hdr = sizeof(struct mb2_tag_mmap);
	if (size < hdr)
		return BOOT_ERR_TAG_SIZE;
	uint32_t esize = ld_le32(tag + OFF(mb2_tag_mmap, entry_size));
	if (esize < sizeof(struct mb2_mmap_entry) || esize % 8 != 0 ||
	    (size - hdr) % esize != 0)
		return BOOT_ERR_MMAP;
	for (size_t off = hdr; off < size; off += esize) {
		const uint8_t *e = tag + off;
		mb_region_add(out, ld_le64(e + OFF(mb2_mmap_entry, base)),
			      ld_le64(e + OFF(mb2_mmap_entry, length)),
			      ld_le32(e + OFF(mb2_mmap_entry, type)));
	}
	out->flags |= BOOT_HAS_MMAP;
	return 0;
}

static int mb2_meminfo(struct boot_info *out, const uint8_t *tag,
		       uint32_t size)
{
	if (size < sizeof(struct mb2_tag_meminfo))
		return BOOT_ERR_TAG_SIZE;
	out->mem_lower_kib = ld_le32(tag + OFF(mb2_tag_meminfo, mem_lower));
	out->mem_upper_kib = ld_le32(tag + OFF(mb2_tag_meminfo, mem_upper));
	out->flags |= BOOT_HAS_MEMINFO;
	return 0;
}

/* Tag 14 carries the 20-byte ACPI 1.0 RSDP, tag 15 the 36-byte 2.0 one. */
static int mb2_rsdp(struct boot_info *out, const uint8_t *tag, uint32_t size,
		    uint8_t version)
{
	size_t need = version == 1 ? 20 : 36;
	if (size - 8 < need)
		return BOOT_ERR_TAG_SIZE;
	if (out->rsdp_version > version)
		return 0;
	memcpy(out->rsdp, tag + 8, need);
	out->rsdp_len = (uint8_t)need;
	out->rsdp_version = version;
	out->flags |= BOOT_HAS_RSDP;
	return 0;
}

static int mb2_tag_parse(struct boot_info *out, uint32_t type,
			 const uint8_t *tag, uint32_t size)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		return mb2_string(out, out->cmdline, sizeof(out->cmdline), tag,
				  size, BOOT_HAS_CMDLINE, BOOT_TRUNC_CMDLINE);
	case MB2_TAG_LOADER:
		return mb2_string(out, out->loader, sizeof(out->loader), tag,
				  size, BOOT_HAS_LOADER, BOOT_TRUNC_LOADER);
	case MB2_TAG_MODULE:
		return mb2_module(out, tag, size);
	case MB2_TAG_MEMINFO:
		return mb2_meminfo(out, tag, size);
	case MB2_TAG_MMAP:
		return mb2_mmap(out, tag, size);
	case MB2_TAG_ACPI_OLD:
		return mb2_rsdp(out, tag, size, 1);
	case MB2_TAG_ACPI_NEW:
		return mb2_rsdp(out, tag, size, 2);
	default:
		return 0;	/* framebuffer, ELF sections, EFI...: not ours */
	}
}

int mb_parse2(const void *info, size_t max_len, struct boot_info *out)
{
	const uint8_t *p = info;
	memset(out, 0, sizeof(*out));
	out->protocol = 2;
	if ((uintptr_t)info % 8 != 0)
		return BOOT_ERR_ALIGN;
	if (max_len < 16)
		return BOOT_ERR_SIZE;
	uint32_t total = ld_le32(p);
	if (total < 16 || total > max_len)
		return BOOT_ERR_SIZE;
	out->info_size = total;
	/* Invariant at the loop head: off is 8-aligned and off <= total. */
	for (size_t off = 8; total - off >= 8;) {
		uint32_t type = ld_le32(p + off + OFF(mb2_tag, type));
		uint32_t size = ld_le32(p + off + OFF(mb2_tag, size));
		if (size < 8 || size > total - off)
			return BOOT_ERR_TAG_SIZE;
		if (type == MB2_TAG_END) {
			mb_mmap_synthesize(out);
			return 0;
		}
		int err = mb2_tag_parse(out, type, p + off, size);
		if (err)
			return err;
		size_t step = ((size_t)size + 7) & ~(size_t)7;
		if (step > total - off)
			break;
		off += step;
	}
	return BOOT_ERR_NO_END;
}

/* ---- multiboot1 ---- */

static int mb1_str_read(const struct phys_reader *rd, uint64_t phys,
			char *dst, size_t cap, uint32_t *trunc, uint32_t bit)
{
	for (size_t i = 0;; i++) {
		const uint8_t *c = phys + i < phys ? NULL :
				   phys_map(rd, phys + i, 1);
		if (c == NULL)
			return BOOT_ERR_STRING;
		if (*c == '\0' || i == cap - 1) {
			if (*c != '\0')
				*trunc |= bit;
			dst[i] = '\0';
			return 0;
		}
		dst[i] = (char)*c;
	}
}

static int mb1_mmap(const struct phys_reader *rd, uint32_t addr,
		    uint32_t length, struct boot_info *out)
{
	if (length == 0)
		return 0;
	const uint8_t *m = phys_map(rd, addr, length);
	if (m == NULL)
		return BOOT_ERR_RANGE;
	/* Trailing bytes too short for an entry's size field are ignored. */
	for (size_t off = 0; length - off >= 4;) {
		uint32_t size = ld_le32(m + off);
		if (size < sizeof(struct mb1_mmap_entry) - 4 ||
		    size > length - off - 4)
			return BOOT_ERR_MMAP;
		const uint8_t *e = m + off;
		mb_region_add(out, ld_le64(e + OFF(mb1_mmap_entry, base)),
			      ld_le64(e + OFF(mb1_mmap_entry, length)),
			      ld_le32(e + OFF(mb1_mmap_entry, type)));
		if (out->truncated & BOOT_TRUNC_MMAP)
			break;
		off += (size_t)size + 4;
	}
	out->flags |= BOOT_HAS_MMAP;
	return 0;
}

static int mb1_mods(const struct phys_reader *rd, uint32_t addr,
		    uint32_t count, struct boot_info *out)
{
	if (count > BOOT_MODULES_MAX) {
		count = BOOT_MODULES_MAX;
		out->truncated |= BOOT_TRUNC_MODULES;
	}
	if (count == 0)
		return 0;
	const uint8_t *m = phys_map(rd, addr,
				    (uint64_t)count * sizeof(struct mb1_module));
	if (m == NULL)
		return BOOT_ERR_RANGE;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = m + i * sizeof(struct mb1_module);
		struct boot_module *bm = &out->modules[i];
		bm->start = ld_le32(e + OFF(mb1_module, mod_start));
		bm->end = ld_le32(e + OFF(mb1_module, mod_end));
		if (bm->end < bm->start)
			return BOOT_ERR_MODULE;
		int err = mb1_str_read(rd, ld_le32(e + OFF(mb1_module, string)),
				       bm->cmdline, sizeof(bm->cmdline),
				       &out->truncated, BOOT_TRUNC_MODCMD);
		if (err)
			return err;
		out->nmodules = i + 1;
	}
	return 0;
}

static int mb1_strings(const struct phys_reader *rd, uint32_t flags,
		       const uint8_t *info, struct boot_info *out)
{
	int err = 0;
	if (flags & MB1_FLAG_CMDLINE) {
		err = mb1_str_read(rd, ld_le32(info + OFF(mb1_info, cmdline)),
				   out->cmdline, sizeof(out->cmdline),
				   &out->truncated, BOOT_TRUNC_CMDLINE);
		if (err)
			return err;
		out->flags |= BOOT_HAS_CMDLINE;
	}
	if (flags & MB1_FLAG_LOADER) {
		uint32_t pa = ld_le32(info + OFF(mb1_info, boot_loader_name));
		err = mb1_str_read(rd, pa, out->loader, sizeof(out->loader),
				   &out->truncated, BOOT_TRUNC_LOADER);
		if (err)
			return err;
		out->flags |= BOOT_HAS_LOADER;
	}
	return 0;
}

int mb_parse1(const struct phys_reader *rd, uint64_t info_phys,
	      struct boot_info *out)
{
	memset(out, 0, sizeof(*out));
	out->protocol = 1;
	const uint8_t *info = phys_map(rd, info_phys, sizeof(struct mb1_info));
	if (info == NULL)
		return BOOT_ERR_RANGE;
	out->info_size = sizeof(struct mb1_info);
	uint32_t flags = ld_le32(info + OFF(mb1_info, flags));
	if (flags & MB1_FLAG_MEM) {
		out->mem_lower_kib = ld_le32(info + OFF(mb1_info, mem_lower));
		out->mem_upper_kib = ld_le32(info + OFF(mb1_info, mem_upper));
		out->flags |= BOOT_HAS_MEMINFO;
	}
	int err = mb1_strings(rd, flags, info, out);
	if (err == 0 && (flags & MB1_FLAG_MODS))
		err = mb1_mods(rd, ld_le32(info + OFF(mb1_info, mods_addr)),
			       ld_le32(info + OFF(mb1_info, mods_count)), out);
	if (err == 0 && (flags & MB1_FLAG_MMAP))
		err = mb1_mmap(rd, ld_le32(info + OFF(mb1_info, mmap_addr)),
			       ld_le32(info + OFF(mb1_info, mmap_length)), out);
	if (err == 0)
		mb_mmap_synthesize(out);
	return err;
}

const char *boot_strerror(int err)
{
	switch (err) {
	case BOOT_OK: return "ok";
	case BOOT_ERR_ALIGN: return "multiboot2 info not 8-byte aligned";
	case BOOT_ERR_SIZE: return "boot info total size invalid";
	case BOOT_ERR_TAG_SIZE: return "multiboot2 tag size invalid";
	case BOOT_ERR_NO_END: return "multiboot2 end tag missing";
	case BOOT_ERR_STRING: return "boot string not NUL-terminated";
	case BOOT_ERR_MMAP: return "memory map entry size invalid";
	case BOOT_ERR_MODULE: return "module ends before it starts";
	case BOOT_ERR_RANGE: return "boot info pointer out of range";
	case BOOT_ERR_NOSPACE: return "output array too small";
	default: return "unknown boot error";
	}
}
