// SPDX-License-Identifier: GPL-2.0-or-later
#include "hash-regions.h"
#include "units.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "macro.h"
#include "sha256-mb.h"


#define MIN_PIECE (4ULL << 20) /* below this a thread costs more than it saves */
#define MAX_WORKERS 8

size_t hash_workers(void)
{
	cpu_set_t set;
	size_t n = 1;

	/* The CPUs we may run on, which are online ones: what sysconf() would say, or fewer. */
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = (size_t)CPU_COUNT(&set);
	return MAX(MIN(n, (size_t)MAX_WORKERS), (size_t)1);
}

size_t hash_lanes(void)
{
	/* Found on arm64 by its purgatory: planning 4 lanes where no lane code exists gave
	 * every region a wrong digest. */
	if (sha256_have_shani() || !sha256_mb_available())
		return 1;
	return (size_t)sha256_mb_best();
}

static size_t pieces_for(uint64_t memsz, uint64_t chunk)
{
	return memsz <= chunk ? 1 : (size_t)((memsz + chunk - 1) / chunk);
}

int hash_regions_split(const struct hash_span *spans, size_t n, size_t workers, size_t lanes,
		       struct hash_region *out, size_t max)
{
	uint64_t total = 0, chunk;
	size_t nr = 0, want;

	if (n > max)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		total += spans[i].memsz;
	workers = MAX(workers, (size_t)1);
	lanes = MAX(lanes, (size_t)1);
	/* one piece per lane of every thread; a thread's lanes together do at least MIN_PIECE */
	chunk = MAX(ALIGN_UP((total + workers * lanes - 1) / (workers * lanes), PAGE_SIZE),
		    ALIGN_UP(MIN_PIECE / lanes, PAGE_SIZE));
	for (;;) {
		want = 0;
		for (size_t i = 0; i < n; i++)
			want += pieces_for(spans[i].memsz, chunk);
		if (want <= max)
			break;
		chunk *= 2;
	}

	for (size_t i = 0; i < n; i++) {
		size_t k = pieces_for(spans[i].memsz, chunk);
		uint64_t piece = ALIGN_UP((spans[i].memsz + k - 1) / k, PAGE_SIZE), off = 0;

		do {
			uint64_t len = MIN(piece, spans[i].memsz - off);
			out[nr++] = (struct hash_region){ .mem = spans[i].mem + off, .len = len, .span = i };
			off += len;
		} while (off < spans[i].memsz);
	}
	return (int)nr;
}

/* What region @r will hold in memory: its span's data from the region's offset, then zeros. */
static struct sha256_mb_job region_job(const struct hash_span *spans, struct hash_region *r)
{
	const struct hash_span *s = &spans[r->span];
	uint64_t off = r->mem - s->mem, data = 0;

	if (off < s->bufsz)
		data = MIN(r->len, s->bufsz - off);
	return (struct sha256_mb_job){ (const uint8_t *)s->buf + off, data, r->len - data, r->sha256 };
}

static void hash_one(const struct sha256_mb_job *j)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, j->data, j->len);
	sha256_update_zeros(&ctx, j->zeros);
	sha256_final(&ctx, j->digest);
}

struct pool {
	const struct hash_span *spans;
	struct hash_region *regions;
	size_t *order; /* largest region first: lanes get equal lengths, the small ones come last */
	size_t nr, lanes;
	atomic_size_t next;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i = atomic_fetch_add(&p->next, p->lanes), k;
		struct sha256_mb_job jobs[SHA256_MB_AVX2];

		if (i >= p->nr)
			return NULL;
		if (p->lanes == 1) {
			jobs[0] = region_job(p->spans, &p->regions[p->order[i]]);
			hash_one(&jobs[0]);
			continue;
		}
		k = MIN(p->lanes, p->nr - i);
		for (size_t l = 0; l < k; l++)
			jobs[l] = region_job(p->spans, &p->regions[p->order[i + l]]);
		sha256_mb_with(p->lanes >= SHA256_MB_AVX2 ? SHA256_MB_AVX2 : SHA256_MB_SSE2, jobs, k);
	}
}

int hash_regions_compute(const struct hash_span *spans, struct hash_region *regions, size_t nr,
			 size_t workers, size_t lanes)
{
	_cleanup_free_ size_t *order = calloc(nr ? nr : 1, sizeof(*order));
	pthread_t tid[MAX_WORKERS];
	size_t started = 0;
	struct pool pool = { .spans = spans, .regions = regions, .nr = nr,
			     .lanes = MIN(MAX(lanes, (size_t)1), (size_t)SHA256_MB_AVX2) };

	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < nr; i++) { /* insertion sort: a few dozen regions at most */
		size_t j = i;
		for (; j > 0 && regions[order[j - 1]].len < regions[i].len; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	pool.order = order;
	atomic_init(&pool.next, 0);

	workers = MIN(MIN(workers, (nr + pool.lanes - 1) / pool.lanes), (size_t)MAX_WORKERS);
	/* A thread that cannot start is no failure: the calling thread does its share. */
	for (size_t i = 1; i < workers; i++)
		if (pthread_create(&tid[started], NULL, worker, &pool) == 0)
			started++;
	worker(&pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	return 0;
}
