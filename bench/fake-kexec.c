// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fake-kexec: run a kexec userspace tool end to end on a machine that must not (or cannot)
 * kexec, and report what the run cost.
 *
 *   fake-kexec [-n] [--] PROGRAM [ARGS...]  run once; print "wall_s user_s sys_s maxrss_kib status"
 *                                           on stdout (the program's own stdout goes to stderr)
 *   fake-kexec --self-test                  check that the stubbed syscalls really return 0
 *
 * -n ("no fake") only measures: no namespace, no filter, the syscalls are real. The VM bench
 * uses it to time real loads inside the guest.
 *
 * The child runs under a seccomp filter that makes kexec_load, kexec_file_load and reboot
 * return 0 without entering the kernel: SECCOMP_RET_ERRNO with data 0 sets the return value to
 * -0 == 0 and skips the syscall (kernel/seccomp.c: syscall_set_return_value(..., -data, 0)), so
 * no tracer and no user-notification listener is needed. --self-test proves it on this kernel
 * by calling kexec_file_load with invalid descriptors, which a real kernel answers with EBADF
 * (or ENOSYS without kexec).
 *
 * A kernel built without kexec has no /sys/kernel/kexec_loaded, and our kexec refuses to run
 * there. So the wrapper first enters a private mount namespace and, if that file is missing,
 * mounts a tmpfs over /sys/kernel holding kexec_loaded, kexec_crash_loaded and
 * kexec_crash_size (all "0"), with every original entry bind-mounted back in place. The host
 * is untouched. This is done once, in the parent, so that it is not part of the timing.
 *
 * Timing: wall clock from fork() to the child's exit (CLOCK_MONOTONIC); user, sys and peak
 * RSS from wait4()'s rusage of the child. Build it static (and small) so that the forked copy of
 * this program adds next to nothing to the child's peak RSS.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_kexec_file_load
#define SYS_kexec_file_load 320
#endif

static void die(const char *what)
{
	fprintf(stderr, "fake-kexec: %s: %s\n", what, strerror(errno));
	exit(125);
}

static int install_filter(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kexec_load, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kexec_file_load, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_reboot, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* errno 0: the syscall is skipped and returns 0. */
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s) || close(fd) < 0)
		die(path);
}

/* Private mount namespace; a fake kexec state in /sys/kernel if the kernel has none. */
static void setup_namespace(void)
{
	char src[PATH_MAX], dst[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int oldfd;

	if (unshare(CLONE_NEWNS) < 0)
		die("unshare(CLONE_NEWNS) (run as root)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("making / private");
	if (access("/sys/kernel/kexec_loaded", F_OK) == 0 || access("/sys/kernel", F_OK) < 0)
		return;

	oldfd = open("/sys/kernel", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (oldfd < 0)
		die("/sys/kernel");
	if (mount("fake-kexec", "/sys/kernel", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		die("mounting a tmpfs on /sys/kernel");
	d = fdopendir(dup(oldfd));
	if (!d)
		die("reading the old /sys/kernel");
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(oldfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		snprintf(dst, sizeof(dst), "/sys/kernel/%s", de->d_name);
		if (S_ISDIR(st.st_mode)) {
			if (mkdir(dst, 0755) < 0)
				die(dst);
		} else {
			write_file(dst, "");
		}
		snprintf(src, sizeof(src), "/proc/self/fd/%d/%s", oldfd, de->d_name);
		if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
			die(dst);
	}
	closedir(d);
	close(oldfd);
	write_file("/sys/kernel/kexec_loaded", "0\n");
	write_file("/sys/kernel/kexec_crash_loaded", "0\n");
	write_file("/sys/kernel/kexec_crash_size", "0\n");
}

static int self_test(void)
{
	long r;
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (install_filter() < 0)
			die("seccomp");
		r = syscall(SYS_kexec_file_load, -1, -1, 0UL, "", 0UL);
		if (r != 0) {
			fprintf(stderr, "fake-kexec: kexec_file_load returned %ld (%s), not 0\n", r,
				strerror(errno));
			_exit(1);
		}
		r = syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL);
		if (r != 0) {
			fprintf(stderr, "fake-kexec: kexec_load returned %ld (%s), not 0\n", r,
				strerror(errno));
			_exit(1);
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	/* Without the filter the same call must fail, or the test proves nothing. */
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, "", 0UL) == 0) {
		fprintf(stderr, "fake-kexec: kexec_file_load succeeded unfiltered?\n");
		return 1;
	}
	printf("fake-kexec: seccomp SECCOMP_RET_ERRNO|0 makes kexec_file_load and kexec_load "
	       "return 0 (unfiltered: %s)\n", strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int i = 1, status;
	bool fake = true;
	pid_t pid;

	if (argc == 2 && !strcmp(argv[1], "--self-test"))
		return self_test();
	if (i < argc && !strcmp(argv[i], "-n")) {
		fake = false;
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: fake-kexec [-n] [--] PROGRAM [ARGS...] | fake-kexec --self-test\n");
		return 2;
	}

	if (fake)
		setup_namespace();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			die("dup2");
		if (fake && install_filter() < 0)
			die("seccomp");
		execvp(argv[i], argv + i);
		die(argv[i]);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.6f %.6f %.6f %ld %d\n",
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
