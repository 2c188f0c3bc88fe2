/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The binary table of a CMA policy (cma-table(5)): what cmacc -O table
 * writes and what the runtime loads.  Every field is little-endian.
 *
 *   header   64 bytes at offset 0 (version 1), 80 (version 2)
 *   regions  region_count records of 32 bytes
 *   rules    rule_count records of 4 bytes
 *   patterns pattern_count records of 8 bytes
 *   targets  target_count region indices of 4 bytes
 *   strings  strings_size bytes of NUL-terminated strings
 *   memory   memory_count records of 24 bytes (version 2)
 *   ranges   range_count records of 24 bytes (version 2)
 *
 * Sections follow the header in this order, each at a multiple of 8,
 * with zero bytes between them; the CRC-32 (IEEE 802.3, as zlib's)
 * covers every byte after the crc field up to total_size.  Version 2
 * adds the memory (banks and carve-outs), the regions' allocation
 * ranges and their pool flags; a writer uses it only for a policy that
 * has them, so that version 1 loaders keep reading every other table.
 */
#ifndef CMA_TABLE_H
#define CMA_TABLE_H

#define CMA_TABLE_MAGIC		0x544d4143u	/* "CMAT" */
#define CMA_TABLE_VERSION	2	/* the newest: 1 and 2 are read */
#define CMA_TABLE_HEADER_SIZE_V1 64
#define CMA_TABLE_HEADER_SIZE	80
#define CMA_TABLE_REGION_SIZE	32
#define CMA_TABLE_RULE_SIZE	4
#define CMA_TABLE_PATTERN_SIZE	8
#define CMA_TABLE_TARGET_SIZE	4
#define CMA_TABLE_MEMORY_SIZE	24
#define CMA_TABLE_RANGE_SIZE	24
#define CMA_TABLE_NONE		0xffffffffu	/* no string */

/* Header fields: byte offsets. */
#define CMA_TH_MAGIC		0
#define CMA_TH_VERSION		4	/* 16 bits */
#define CMA_TH_HEADER_SIZE	6	/* 16 bits */
#define CMA_TH_TOTAL_SIZE	8
#define CMA_TH_CRC		12
#define CMA_TH_FLAGS		16	/* none defined: must be 0 */
#define CMA_TH_PAGE_SIZE	20	/* a power of two */
#define CMA_TH_REGION_COUNT	24
#define CMA_TH_REGION_OFFSET	28
#define CMA_TH_RULE_COUNT	32
#define CMA_TH_RULE_OFFSET	36
#define CMA_TH_PATTERN_COUNT	40
#define CMA_TH_PATTERN_OFFSET	44
#define CMA_TH_TARGET_COUNT	48
#define CMA_TH_TARGET_OFFSET	52
#define CMA_TH_STRINGS_SIZE	56
#define CMA_TH_STRINGS_OFFSET	60
#define CMA_TH_MEMORY_COUNT	64	/* version 2 */
#define CMA_TH_MEMORY_OFFSET	68
#define CMA_TH_RANGE_COUNT	72
#define CMA_TH_RANGE_OFFSET	76

/* Region record fields. */
#define CMA_TR_SIZE		0	/* 64 bits, not 0 */
#define CMA_TR_START		8	/* 64 bits, 0: anywhere */
#define CMA_TR_NAME		16	/* string offset */
#define CMA_TR_ALLOCATOR	20	/* string offset, or NONE: default */
#define CMA_TR_PARAMS		24	/* string offset, or NONE */
#define CMA_TR_ALIGN_SHIFT	28	/* 8 bits: log2 of the alignment;
					 * 0 (or less than a page): a page */
#define CMA_TR_FLAGS		29	/* 8 bits, version 2; 0 in 1 */
#define CMA_TR_RESERVED		30	/* 2 bytes of 0 */
#define CMA_TR_NO_MAP		0x01	/* a pool the kernel does not map */
#define CMA_TR_NOT_REUSABLE	0x02	/* a pool without "reusable" */

/*
 * Rule record fields: how many patterns and targets are the rule's.  Its
 * patterns follow the previous rules' in the pattern section, and its
 * targets theirs in the target section; together they use every one.
 */
#define CMA_TU_PATTERN_COUNT	0	/* 16 bits, at least 1 */
#define CMA_TU_TARGET_COUNT	2	/* 16 bits, at least 1 */
#define CMA_TABLE_RULE_MAX	0xffffu	/* patterns or targets in a rule */

/* Pattern record fields. */
#define CMA_TP_DEVICE		0	/* string offset, or NONE: matches nothing */
#define CMA_TP_KIND		4	/* string offset, or NONE: no kind only */

/*
 * Memory record fields (version 2): a bank of the board's memory, or a
 * carve-out in it that no region may take, in the order declared.
 */
#define CMA_TM_BASE		0	/* 64 bits */
#define CMA_TM_SIZE		8	/* 64 bits, not 0; base + size <= 2^64 */
#define CMA_TM_NAME		16	/* string offset, or NONE */
#define CMA_TM_KIND		20	/* 8 bits: one of the two below */
#define CMA_TM_RESERVED		21	/* 3 bytes of 0 */
#define CMA_TM_BANK		0
#define CMA_TM_CARVE_OUT	1

/*
 * Range record fields (version 2): where a region without a start may
 * lie, by region index in ascending order, each region's in the order
 * they are tried.
 */
#define CMA_TG_BASE		0	/* 64 bits */
#define CMA_TG_SIZE		8	/* 64 bits, not 0; base + size <= 2^64 */
#define CMA_TG_REGION		16	/* region index */
#define CMA_TG_RESERVED		20	/* 4 bytes of 0 */

#endif /* CMA_TABLE_H */
