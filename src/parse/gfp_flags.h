/* gfp_flags.h — names of the allocation flags in an OOM trigger line.
 *
 * Kernels 4.5+ print the names themselves ("0x100cca(GFP_HIGHUSER_MOVABLE)");
 * older ones print only the hex mask, whose bit values changed in 4.4
 * (__GFP_WAIT became __GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM).  This
 * module splits printed names, or decodes a bare mask with the table of the
 * kernel generation that printed it, the way %pGg would have named it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum gfp_table {
        GFP_TABLE_2_6_TO_4_3,   /* include/linux/gfp.h up to 4.3 */
        GFP_TABLE_4_4,          /* 4.4 only: new reclaim bits, names not yet printed */
};

/* Chooses the table for a mask printed without names: from the kernel
 * release when known ("4.4.0-…" → 4.4), else from the bits themselves. */
enum gfp_table gfp_table_guess(const char *release, unsigned long mask);

/* Writes the '|'-separated flag names of MASK into BUF (always
 * NUL-terminated).  Compound names first (GFP_HIGHUSER_MOVABLE, GFP_KERNEL…),
 * then leftover single flags, then any unnamed bits as "0x…".
 * Returns false when BUF was too small (output truncated). */
bool gfp_decode(unsigned long mask, enum gfp_table table, char *buf, size_t size);
