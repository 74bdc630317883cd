/* gfp_flags.c — decoding of bare gfp masks (kernels before 4.5).  The bit
 * values come from include/linux/gfp.h of 2.6.32, 3.10 and 4.4; the names
 * and their order follow include/trace/events/gfpflags.h (__def_gfpflag_names),
 * which is what %pGg prints on later kernels: compound masks first. */
#include "gfp_flags.h"

#include <stdio.h>
#include <string.h>

struct gfp_name {
        unsigned long mask;
        const char *name;
};

/* 2.6.2x-4.3: ___GFP_WAIT 0x10 … ___GFP_WRITE 0x1000000 */
static const struct gfp_name table_old[] = {
        { 0x400000 | 0x200da | 0x4000 | 0x10000 | 0x1000 | 0x200, "GFP_TRANSHUGE" },
        { 0x200da, "GFP_HIGHUSER_MOVABLE" },
        { 0x200d2, "GFP_HIGHUSER" },
        { 0x200d0, "GFP_USER" },
        { 0x800d0, "GFP_TEMPORARY" },
        { 0xd0, "GFP_KERNEL" },
        { 0x50, "GFP_NOFS" },
        { 0x20, "GFP_ATOMIC" },
        { 0x10, "GFP_NOIO" },
        { 0x01, "__GFP_DMA" },
        { 0x02, "__GFP_HIGHMEM" },
        { 0x04, "__GFP_DMA32" },
        { 0x08, "__GFP_MOVABLE" },
        { 0x10, "__GFP_WAIT" },
        { 0x20, "__GFP_HIGH" },
        { 0x40, "__GFP_IO" },
        { 0x80, "__GFP_FS" },
        { 0x100, "__GFP_COLD" },
        { 0x200, "__GFP_NOWARN" },
        { 0x400, "__GFP_REPEAT" },
        { 0x800, "__GFP_NOFAIL" },
        { 0x1000, "__GFP_NORETRY" },
        { 0x2000, "__GFP_MEMALLOC" },
        { 0x4000, "__GFP_COMP" },
        { 0x8000, "__GFP_ZERO" },
        { 0x10000, "__GFP_NOMEMALLOC" },
        { 0x20000, "__GFP_HARDWALL" },
        { 0x40000, "__GFP_THISNODE" },
        { 0x80000, "__GFP_RECLAIMABLE" },
        { 0x100000, "__GFP_KMEMCG" },
        { 0x200000, "__GFP_NOTRACK" },
        { 0x400000, "__GFP_NO_KSWAPD" },
        { 0x800000, "__GFP_OTHER_NODE" },
        { 0x1000000, "__GFP_WRITE" },
};

/* 4.4: __GFP_RECLAIMABLE moved to 0x10; __GFP_ATOMIC 0x80000,
 * __GFP_DIRECT_RECLAIM 0x400000, __GFP_KSWAPD_RECLAIM 0x2000000. */
#define R44 (0x400000ul | 0x2000000ul)
static const struct gfp_name table_44[] = {
        { ((R44 | 0x200ca) | 0x4000 | 0x10000 | 0x1000 | 0x200) & ~0x2000000ul, "GFP_TRANSHUGE" },
        { R44 | 0x200ca, "GFP_HIGHUSER_MOVABLE" },
        { R44 | 0x200c2, "GFP_HIGHUSER" },
        { R44 | 0x200c0, "GFP_USER" },
        { R44 | 0xd0, "GFP_TEMPORARY" },
        { R44 | 0xc0, "GFP_KERNEL" },
        { R44 | 0x40, "GFP_NOFS" },
        { 0x20 | 0x80000 | 0x2000000, "GFP_ATOMIC" },
        { R44, "GFP_NOIO" },
        { 0x2000000, "GFP_NOWAIT" },
        { 0x01, "__GFP_DMA" },
        { 0x02, "__GFP_HIGHMEM" },
        { 0x04, "__GFP_DMA32" },
        { 0x08, "__GFP_MOVABLE" },
        { 0x10, "__GFP_RECLAIMABLE" },
        { 0x20, "__GFP_HIGH" },
        { 0x40, "__GFP_IO" },
        { 0x80, "__GFP_FS" },
        { 0x100, "__GFP_COLD" },
        { 0x200, "__GFP_NOWARN" },
        { 0x400, "__GFP_REPEAT" },
        { 0x800, "__GFP_NOFAIL" },
        { 0x1000, "__GFP_NORETRY" },
        { 0x2000, "__GFP_MEMALLOC" },
        { 0x4000, "__GFP_COMP" },
        { 0x8000, "__GFP_ZERO" },
        { 0x10000, "__GFP_NOMEMALLOC" },
        { 0x20000, "__GFP_HARDWALL" },
        { 0x40000, "__GFP_THISNODE" },
        { 0x80000, "__GFP_ATOMIC" },
        { 0x100000, "__GFP_NOACCOUNT" },
        { 0x200000, "__GFP_NOTRACK" },
        { 0x400000, "__GFP_DIRECT_RECLAIM" },
        { 0x800000, "__GFP_OTHER_NODE" },
        { 0x1000000, "__GFP_WRITE" },
        { 0x2000000, "__GFP_KSWAPD_RECLAIM" },
};

enum gfp_table gfp_table_guess(const char *release, unsigned long mask) {
        if (release && strncmp(release, "4.4", 3) == 0 && (release[3] == '.' || release[3] == '-' || !release[3]))
                return GFP_TABLE_4_4;
        if (release && release[0])
                return GFP_TABLE_2_6_TO_4_3;
        /* No release: the 4.4 reclaim bits are set by every sleeping
         * allocation there, and were rarely-used flags before. */
        return (mask & 0x2000000ul) && !(mask & 0x10ul) ? GFP_TABLE_4_4 : GFP_TABLE_2_6_TO_4_3;
}

static bool append(char *buf, size_t size, size_t *used, const char *s) {
        int n = snprintf(buf + *used, size - *used, "%s%s", *used ? "|" : "", s);
        if (n < 0 || (size_t)n >= size - *used) {
                buf[*used] = '\0';
                return false;
        }
        *used += (size_t)n;
        return true;
}

bool gfp_decode(unsigned long mask, enum gfp_table table, char *buf, size_t size) {
        const struct gfp_name *t = table == GFP_TABLE_4_4 ? table_44 : table_old;
        size_t n = table == GFP_TABLE_4_4 ? sizeof(table_44) / sizeof(*t) : sizeof(table_old) / sizeof(*t);
        size_t used = 0;
        bool ok = true;
        if (size == 0)
                return false;
        buf[0] = '\0';
        for (size_t i = 0; i < n && mask; i++) {
                if ((mask & t[i].mask) == t[i].mask) {
                        ok = append(buf, size, &used, t[i].name) && ok;
                        mask &= ~t[i].mask;
                }
        }
        if (mask) {
                char hex[24];
                snprintf(hex, sizeof(hex), "%#lx", mask);
                ok = append(buf, size, &used, hex) && ok;
        }
        return ok;
}
