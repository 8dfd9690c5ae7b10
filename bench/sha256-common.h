/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What the two SHA-256 benchmarks (sha256-bench.c, sha256-peer.c) share. Header-only: each is a
 * single hand-built program (bench/README.md), and they differ only in their implementations.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef WITH_OPENSSL
#include <openssl/evp.h>
#endif

#include "sha256-mb.h"
#include "sha256.h"

#define MIN_SECONDS 0.2

/* OpenSSL's EVP_sha256 (the peer for the SHA-NI path); exits if it fails. */
static void openssl_sha256(const uint8_t *buf, size_t len, uint8_t out[32])
{
#ifdef WITH_OPENSSL
	unsigned int n = 32;

	if (!EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL)) {
		fprintf(stderr, "EVP_Digest failed\n");
		exit(1);
	}
#else
	(void)buf, (void)len, (void)out;
#endif
}

/* CPU time, not wall time: time spent descheduled on a shared machine does not count. */
static double thread_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The multi-buffer paths hash the buffer as one message per lane, each an equal part of it (as
 * kexec cuts a segment into regions), with sha256_mb_with(), or with @one lane after lane for
 * the reference; @out gets the SHA-256 of the lane digests.
 */
static void hash_lanes(enum sha256_mb_isa isa, const uint8_t *buf, size_t len, uint8_t out[32],
		       void (*one)(const uint8_t *, size_t, uint8_t *))
{
	struct sha256_mb_job jobs[8];
	uint8_t digests[8][32];
	size_t lanes = isa, part = len / lanes;

	for (size_t i = 0; i < lanes; i++)
		jobs[i] = (struct sha256_mb_job){ buf + i * part,
						  i + 1 < lanes ? part : len - i * part, 0, digests[i] };
	if (one)
		for (size_t i = 0; i < lanes; i++)
			one(jobs[i].data, jobs[i].len, digests[i]);
	else
		sha256_mb_with(isa, jobs, lanes);
	sha256(digests, lanes * 32, out);
}

/* MB/s (10^6 bytes per second) of @hash(@impl) repeated for at least MIN_SECONDS. */
static double measure(void (*hash)(int, const uint8_t *, size_t, uint8_t *), int impl,
		      const uint8_t *buf, size_t len, uint8_t out[32])
{
	double t0 = thread_seconds(), t;
	size_t n = 0;

	do {
		hash(impl, buf, len, out);
		n++;
		t = thread_seconds() - t0;
	} while (t < MIN_SECONDS);
	return (double)len * n / t / 1e6;
}
