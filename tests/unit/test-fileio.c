// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * input_file_open(): what kexec does with the files it is given. Each file is opened once and
 * every byte is read through that open file, so one that disappears (removed, or replaced by a
 * rename as package managers do) between open and read is still read whole and unchanged. One
 * that is truncated in place is the case mmap cannot hide: SIGBUS past the new end, which
 * src/kexec/load.c turns into a message (tests/vm/scenarios/errors-resources.sh).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "fixture.h"

#define SIZE (3 * 4096 + 100)

static void fill(unsigned char *buf, size_t len, unsigned char seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed + i * 7);
}

static void test_errors(void)
{
	struct fixture f;
	struct input_file in = INPUT_FILE_INIT;
	char path[64];
	unsigned char buf[SIZE];

	fixture_init(&f);
	snprintf(path, sizeof(path), "%s/missing", f.dir);
	CHECK_EQ_INT(input_file_open(path, 1 << 20, &in), -ENOENT);
	CHECK_EQ_INT(input_file_open(f.dir, 1 << 20, &in), -EISDIR);
	/* Not a regular file (a FIFO would block in open without a writer: a device will do). */
	CHECK_EQ_INT(input_file_open("/dev/null", 1 << 20, &in), -EINVAL);
	fill(buf, SIZE, 1);
	fixture_put_bytes(&f, "big", buf, SIZE);
	snprintf(path, sizeof(path), "%s/big", f.dir);
	CHECK_EQ_INT(input_file_open(path, SIZE - 1, &in), -EFBIG);
	CHECK_EQ_INT(input_file_open(path, SIZE, &in), 0);
	CHECK_EQ_INT(in.size, SIZE);
	input_file_done(&in);
	fixture_put_bytes(&f, "empty", buf, 0);
	snprintf(path, sizeof(path), "%s/empty", f.dir);
	CHECK_EQ_INT(input_file_open(path, SIZE, &in), 0);
	CHECK(in.map == NULL && in.size == 0);
	input_file_done(&in);
	fixture_done(&f);
}

/* Removed, then replaced by another file under the same name: the open file is still read. */
static void test_disappearing(void)
{
	struct fixture f;
	struct input_file in = INPUT_FILE_INIT;
	unsigned char want[SIZE], other[SIZE];
	char path[64], tmp[64];

	fixture_init(&f);
	fill(want, SIZE, 1);
	fill(other, SIZE, 99);
	fixture_put_bytes(&f, "vmlinuz", want, SIZE);
	snprintf(path, sizeof(path), "%s/vmlinuz", f.dir);

	CHECK_EQ_INT(input_file_open(path, 1 << 20, &in), 0);
	CHECK_EQ_INT(unlink(path), 0);
	CHECK_EQ_INT(in.size, SIZE);
	CHECK(in.map && memcmp(in.map, want, SIZE) == 0);
	input_file_done(&in);

	fixture_put_bytes(&f, "vmlinuz", want, SIZE);
	fixture_put_bytes(&f, "vmlinuz.new", other, SIZE);
	snprintf(tmp, sizeof(tmp), "%s/vmlinuz.new", f.dir);
	CHECK_EQ_INT(input_file_open(path, 1 << 20, &in), 0);
	CHECK_EQ_INT(rename(tmp, path), 0); /* as dpkg installs a new kernel */
	CHECK(in.map && memcmp(in.map, want, SIZE) == 0);
	input_file_done(&in);
	fixture_done(&f);
}

/* Truncated in place after open: reading past the new end raises SIGBUS (no silent zeros). */
static void test_truncated_in_place(void)
{
	struct fixture f;
	unsigned char buf[SIZE];
	char path[64];
	int status;
	pid_t pid;

	fixture_init(&f);
	fill(buf, SIZE, 5);
	fixture_put_bytes(&f, "initrd", buf, SIZE);
	snprintf(path, sizeof(path), "%s/initrd", f.dir);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct input_file in = INPUT_FILE_INIT;
		volatile unsigned char c;

		signal(SIGBUS, SIG_DFL);
		if (input_file_open(path, 1 << 20, &in) < 0 || truncate(path, 100) < 0)
			_exit(2);
		c = ((const unsigned char *)in.map)[100]; /* same page: zeros, no fault */
		c = ((const unsigned char *)in.map)[SIZE - 1];
		(void)c;
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK_EQ_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
	fixture_done(&f);
}

/*
 * input_file_own(): a file rewritten in place after it was mapped shows the new bytes through
 * the plain private mapping (what the kexec_load path hashed used to differ from what the kernel
 * then copied), but not through our own copy; a file that shrank before the copy is -ESTALE
 * with the old mapping kept.
 */
static void test_own(void)
{
	struct fixture f;
	unsigned char buf[SIZE], other[SIZE];
	struct input_file in = INPUT_FILE_INIT, seen = INPUT_FILE_INIT;
	char path[64];
	int fd;

	fixture_init(&f);
	fill(buf, SIZE, 9);
	fill(other, SIZE, 200);
	fixture_put_bytes(&f, "initrd", buf, SIZE);
	snprintf(path, sizeof(path), "%s/initrd", f.dir);
	CHECK_EQ_INT(input_file_open(path, 1 << 20, &in), 0);
	CHECK_EQ_INT(input_file_open(path, 1 << 20, &seen), 0);
	CHECK(!in.owned);
	CHECK_EQ_INT(input_file_own(&in), 0);
	CHECK(in.owned);
	CHECK_EQ_INT(input_file_own(&in), 0); /* idempotent */
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_EQ_INT(pwrite(fd, other, SIZE, 0), SIZE);
	close(fd);
	CHECK(memcmp(in.map, buf, SIZE) == 0);
	CHECK(memcmp(seen.map, other, SIZE) == 0); /* the test would prove nothing otherwise */
	input_file_done(&in);

	/* Shrunk between open and copy: -ESTALE, the mapping left as it was. */
	CHECK_EQ_INT(input_file_open(path, 1 << 20, &in), 0);
	CHECK_EQ_INT(truncate(path, 100), 0);
	CHECK_EQ_INT(input_file_own(&in), -ESTALE);
	CHECK(!in.owned && in.size == SIZE);
	input_file_done(&in);
	input_file_done(&seen);
	fixture_done(&f);
}

/* Several initrds as one: in order, each but the last padded with zeros to 4 bytes; the failing
 * file named by its index. */
static void test_concat(void)
{
	static const size_t sizes[] = { 4097, 4, 10 }; /* padded: 4100, 4, 10 */
	unsigned char buf[3][4097];
	char paths[5][64];
	const char *p[5];
	struct fixture f;
	struct input_file in = INPUT_FILE_INIT;
	uint64_t sizes_out[3] = {};
	size_t bad;

	fixture_init(&f);
	for (int i = 0; i < 3; i++) {
		char name[16];

		fill(buf[i], sizes[i], (unsigned char)(10 * i + 1));
		snprintf(name, sizeof(name), "i%d", i);
		fixture_put_bytes(&f, name, buf[i], sizes[i]);
		snprintf(paths[i], sizeof(paths[i]), "%s/i%d", f.dir, i);
		p[i] = paths[i];
	}
	CHECK_EQ_INT(input_file_concat(p, 3, 1 << 20, &in, &bad, sizes_out), 0);
	CHECK_EQ_INT(in.size, 4100 + 4 + 10);
	/* Each file's own size, for the load record (kexec --show), not the padded one. */
	CHECK_EQ_INT(sizes_out[0], 4097);
	CHECK_EQ_INT(sizes_out[1], 4);
	CHECK_EQ_INT(sizes_out[2], 10);
	if (in.map && in.size == 4114) {
		const unsigned char *m = in.map;
		static const unsigned char zero[3];

		CHECK(memcmp(m, buf[0], 4097) == 0);
		CHECK(memcmp(m + 4097, zero, 3) == 0);
		CHECK(memcmp(m + 4100, buf[1], 4) == 0);
		CHECK(memcmp(m + 4104, buf[2], 10) == 0);
	}
	CHECK(in.fd >= 0);
	CHECK(lseek(in.fd, 0, SEEK_END) == 4114);
	input_file_done(&in);

	/* A single file is copied whole, without padding. */
	CHECK_EQ_INT(input_file_concat(p + 2, 1, 1 << 20, &in, &bad, NULL), 0);
	CHECK_EQ_INT(in.size, 10);
	input_file_done(&in);

	snprintf(paths[3], sizeof(paths[3]), "%s/missing", f.dir);
	p[3] = paths[3];
	CHECK_EQ_INT(input_file_concat(p, 4, 1 << 20, &in, &bad, NULL), -ENOENT);
	CHECK_EQ_INT(bad, 3);
	fixture_put_bytes(&f, "empty", buf[0], 0);
	snprintf(paths[4], sizeof(paths[4]), "%s/empty", f.dir);
	p[1] = paths[4];
	CHECK_EQ_INT(input_file_concat(p, 3, 1 << 20, &in, &bad, NULL), -ENODATA);
	CHECK_EQ_INT(bad, 1);
	p[1] = f.dir;
	CHECK_EQ_INT(input_file_concat(p, 3, 1 << 20, &in, &bad, NULL), -EISDIR);
	CHECK_EQ_INT(bad, 1);
	p[1] = paths[1];
	CHECK_EQ_INT(input_file_concat(p, 3, 4100, &in, &bad, NULL), -EFBIG);
	CHECK_EQ_INT(bad, 1);
	fixture_done(&f);
}

int main(void)
{
	test_concat();
	test_errors();
	test_disappearing();
	test_truncated_in_place();
	test_own();
	return unit_summary("test-fileio");
}
