// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What hashing the segments on two threads would save in `kexec -c`: the files are mapped as
 * kexec maps them (MAP_PRIVATE, page cache warm), then hashed with our sha256 (SHA-NI when
 * present) on one thread, as kexec does today, and on two threads, each taking half of the
 * bytes (the initrd would become two purgatory regions, which the purgatory checks one after
 * the other anyway). The mappings are fresh for every run, so page faults count too.
 *
 *   hash-split RUNS FILE...   prints "1 thread: wall W s, cpu C s" and the same for 2 threads
 *                             (medians of RUNS runs, alternating)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sha256.h"

#define MAX_FILES 8
#define MAX_RUNS 64

struct part {
	const uint8_t *p;
	size_t len;
};

struct job {
	struct part parts[MAX_FILES];
	int nr;
	uint8_t digest[MAX_FILES][SHA256_DIGEST_SIZE];
};

static void *hash_job(void *arg)
{
	struct job *j = arg;

	for (int i = 0; i < j->nr; i++)
		sha256(j->parts[i].p, j->parts[i].len, j->digest[i]);
	return NULL;
}

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

/* One run: map every file, hash on @threads threads, unmap. */
static void run(int nfiles, const int *fds, const size_t *sizes, int threads, double *wall,
		double *cpu)
{
	struct job jobs[2] = { 0 };
	const uint8_t *map[MAX_FILES];
	size_t total = 0, half, acc = 0;
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	pthread_t th;

	for (int i = 0; i < nfiles; i++) {
		map[i] = mmap(NULL, sizes[i], PROT_READ, MAP_PRIVATE, fds[i], 0);
		if (map[i] == MAP_FAILED) {
			perror("mmap");
			exit(1);
		}
		total += sizes[i];
	}
	/* Split the byte stream in two at a page boundary; a file may straddle the cut. */
	half = threads == 2 ? (total / 2) & ~(size_t)4095 : total;
	for (int i = 0; i < nfiles; i++) {
		size_t a = sizes[i], in0 = acc < half ? (half - acc < a ? half - acc : a) : 0;

		if (in0)
			jobs[0].parts[jobs[0].nr++] = (struct part){ map[i], in0 };
		if (a > in0)
			jobs[1].parts[jobs[1].nr++] = (struct part){ map[i] + in0, a - in0 };
		acc += a;
	}
	if (threads == 2 && pthread_create(&th, NULL, hash_job, &jobs[1]) != 0) {
		perror("pthread_create");
		exit(1);
	}
	hash_job(&jobs[0]);
	if (threads == 2)
		pthread_join(th, NULL);
	*wall = now(CLOCK_MONOTONIC) - w0;
	*cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	for (int i = 0; i < nfiles; i++)
		munmap((void *)map[i], sizes[i]);
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
