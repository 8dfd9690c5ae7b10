// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replay driver: links with one fuzz target instead of libFuzzer and runs every file named on
 * the command line, or every regular file in a directory named there, through
 * LLVMFuzzerTestOneInput once. Built with sanitizers, this is how the test command checks that
 * the corpora (seeds and whatever the fuzzers found) still run clean; no clang needed.
 *
 * The targets log at debug level; that goes to /dev/null, while sanitizer reports keep the real
 * stderr. Exit status: 0 if every input ran (a sanitizer aborts the process on its own), 2 for
 * usage, unreadable inputs or no input at all.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* asprintf */
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* From the sanitizer runtime when there is one. */
void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

static FILE *out;

static int run_file(const char *path)
{
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(out, "fuzz-main: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			uint8_t *p;

			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p)
				abort();
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			fprintf(out, "fuzz-main: %s: %s\n", path, strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	/* An exact-size copy, so that reading one byte too far is caught. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact)
			abort();
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
	char **names = NULL;
	size_t n = 0;
	int bad = 0;
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		fprintf(out, "fuzz-main: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char **p;

		if (de->d_name[0] == '.')
			continue;
		p = realloc(names, (n + 1) * sizeof(*names));
		if (!p)
			abort();
		names = p;
		if (asprintf(&names[n], "%s/%s", dir, de->d_name) < 0)
			abort();
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i]) < 0)
				bad = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

int main(int argc, char *argv[])
{
	size_t count = 0;
	int bad = 0, devnull, fd;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	/* Sanitizer reports and our own lines on the real stderr; debug logs to /dev/null. */
	fd = dup(STDERR_FILENO);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || devnull < 0 || !(out = fdopen(fd, "w")))
		return 2;
	setvbuf(out, NULL, _IOLBF, 0);
	if (__sanitizer_set_report_fd)
		__sanitizer_set_report_fd((void *)(intptr_t)fd);
	dup2(devnull, STDERR_FILENO);
	close(devnull);

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(out, "fuzz-main: %s: %s\n", argv[i], strerror(errno));
			bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			bad |= run_dir(argv[i], &count) < 0;
		} else if (run_file(argv[i]) < 0) {
			bad = 1;
		} else {
			count++;
		}
	}
	fprintf(out, "%s: %zu inputs replayed%s\n", argv[0], count, bad ? ", some unreadable" : "");
	/* An empty corpus would pass without testing anything. */
	return bad || count == 0 ? 2 : 0;
}
