// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The hashing part of `kexec -c` alone, on one thread and on two: the files are mapped as kexec
 * maps them (MAP_PRIVATE, page cache warm) and hashed by the load's own code,
 * hash_regions_split() and hash_regions_compute() (src/shared/hash-regions.c), with 1 and 2
 * workers. The mappings are fresh for every run, so page faults count too.
 *
 *   hash-split RUNS FILE...   prints "1 thread: wall W s, cpu C s" and the same for 2 threads
 *                             (medians of RUNS runs, alternating)
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hash-regions.h"
#include "purgatory-abi.h"

#define MAX_FILES 8
#define MAX_RUNS 64

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run: map every file, hash on @workers threads as kexec does, unmap. */
static void run(int nfiles, const int *fds, const size_t *sizes, size_t workers, double *wall,
		double *cpu)
{
	struct hash_span spans[MAX_FILES];
	struct hash_region regions[PURGATORY_MAX_REGIONS];
	size_t lanes = hash_lanes();
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t mem = 0;
	int nr;

	for (int i = 0; i < nfiles; i++) {
		void *map = mmap(NULL, sizes[i], PROT_READ, MAP_PRIVATE, fds[i], 0);

		if (map == MAP_FAILED) {
			perror("mmap");
			exit(1);
		}
		/* Addresses only matter to the purgatory: any page-aligned layout will do. */
		spans[i] = (struct hash_span){ map, sizes[i], mem, (sizes[i] + 4095) & ~4095ULL };
		mem += spans[i].memsz;
	}
	nr = hash_regions_split(spans, nfiles, workers, lanes, regions, PURGATORY_MAX_REGIONS);
	if (nr < 0 || hash_regions_compute(spans, regions, nr, workers, lanes) < 0) {
		fprintf(stderr, "hashing failed\n");
		exit(1);
	}
	*wall = now(CLOCK_MONOTONIC) - w0;
	*cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	for (int i = 0; i < nfiles; i++)
		munmap((void *)spans[i].buf, sizes[i]);
}

int main(int argc, char **argv)
{
	double w[2][MAX_RUNS], c[2][MAX_RUNS];
	int fds[MAX_FILES], nfiles = argc - 2, runs;
	size_t sizes[MAX_FILES];
	struct stat st;

	if (argc < 3 || nfiles > MAX_FILES || (runs = atoi(argv[1])) < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: hash-split RUNS FILE... (at most %d files, %d runs)\n",
			MAX_FILES, MAX_RUNS);
		return 2;
	}
	for (int i = 0; i < nfiles; i++) {
		fds[i] = open(argv[i + 2], O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 || fstat(fds[i], &st) < 0 || st.st_size == 0) {
			perror(argv[i + 2]);
			return 1;
		}
		sizes[i] = st.st_size;
	}
	for (int r = 0; r < runs; r++)
		for (int t = 0; t < 2; t++)
			run(nfiles, fds, sizes, t + 1, &w[t][r], &c[t][r]);
	printf("SHA-NI %s\n", sha256_have_shani() ? "present" : "absent");
	for (int t = 0; t < 2; t++)
		printf("%d thread%s: wall %.4f s, cpu %.4f s\n", t + 1, t ? "s" : "", median(w[t], runs),
		       median(c[t], runs));
	return 0;
}
