/* Constants shared by boot.S and C. Plain #defines so assembly can use them. */
#ifndef CAPOS_ARCH_BOOT_DEFS_H
#define CAPOS_ARCH_BOOT_DEFS_H

#define KERNEL_VMA      0xFFFFFFFF80000000

#define MB1_MAGIC       0x1BADB002
/* page-align modules, memory info, a.out kludge (load addresses below) */
#define MB1_FLAGS       0x00010003
#define MB1_BOOT_MAGIC  0x2BADB002
#define MB2_MAGIC       0xE85250D6
#define MB2_BOOT_MAGIC  0x36D76289

#define BOOT_STACK_SIZE 16384

#define CR0_PE   (1 << 0)
#define CR0_MP   (1 << 1)
#define CR0_EM   (1 << 2)
#define CR0_TS   (1 << 3)
#define CR0_WP   (1 << 16)
#define CR0_PG   (1 << 31)
#define CR4_PAE  (1 << 5)
#define CR4_PGE  (1 << 7)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define CR4_UMIP (1 << 11)
#define CR4_FSGSBASE (1 << 16)
#define CR4_OSXSAVE (1 << 18)
#define CR4_SMEP (1 << 20)
#define CR4_SMAP (1 << 21)

#define MSR_EFER 0xC0000080
#define EFER_SCE (1 << 0)
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PTE_P  (1 << 0)
#define PTE_W  (1 << 1)
#define PTE_U  (1 << 2)
#define PTE_PS (1 << 7)

#endif
