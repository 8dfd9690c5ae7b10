// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmcore-dmesg FILE: print the log of a crashed kernel from /proc/vmcore (in the capture kernel)
 * or from a saved copy, in the format of makedumpfile --dump-dmesg.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "printk.h"
#include "vmcore.h"

#ifndef KEXEC_VERSION
#define KEXEC_VERSION "0.1.0"
#endif

/* One status per class of failure, so that a script can tell a wrong file from a damaged dump. */
enum vmcore_dmesg_exit {
	EXIT_OK = 0,
	EXIT_OUTPUT = 1,      /* writing the log failed */
	EXIT_USAGE = 2,
	EXIT_FILE = 3,        /* missing, unreadable, a directory, not a regular file */
	EXIT_NOT_VMCORE = 4,  /* not an ELF64 core file of x86_64 or arm64, or its headers are corrupt */
	EXIT_NO_VMCOREINFO = 5,
	EXIT_VMCOREINFO = 6,  /* VMCOREINFO lacks (or garbles) what the log layout needs */
	EXIT_LOG = 7,         /* the log buffer is not in the dump, or is corrupt */
};

static const char usage[] =
	"Usage: vmcore-dmesg [--debug] FILE\n"
	"\n"
	"Print the kernel log of a crashed kernel from FILE: /proc/vmcore in a capture kernel,\n"
	"or a saved copy of it (cp /proc/vmcore, makedumpfile -E). The output is that of\n"
	"makedumpfile --dump-dmesg. Symbols, sizes and offsets come from the dump's VMCOREINFO\n"
	"note: no debug information is needed. Kernels 2.6 to 7.x (all three log layouts); x86_64 and arm64 dumps, on any host.\n"
	"\n"
	"  -d, --debug     explain on stderr what is read where\n"
	"  -h, --help      show this help\n"
	"  -v, --version   show the version\n"
	"\n"
	"Exit status:\n"
	"  0  the log was printed\n"
	"  1  writing the log failed\n"
	"  2  usage error\n"
	"  3  FILE is missing, unreadable, a directory or not a regular file\n"
	"  4  FILE is not a vmcore (an x86_64 or arm64 ELF64 core file), or its headers are corrupt\n"
	"  5  FILE has no VMCOREINFO note\n"
	"  6  VMCOREINFO lacks (or garbles) a symbol, size or offset the log layout needs\n"
	"  7  the log buffer is not in the dump, or is corrupt (the records before the damage\n"
	"     are printed)\n";

struct file_source {
	int fd;
};

static int pread_all(void *userdata, uint64_t offset, void *buf, size_t len)
{
	const struct file_source *src = userdata;
	uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = pread(src->fd, p, len, (off_t)offset);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return negative_errno();
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= n;
		offset += n;
	}
	return 0;
}

static int emit_stdout(void *userdata, const struct printk_record *rec)
{
	return printk_format_record(userdata, rec);
}

static enum vmcore_dmesg_exit run(const char *path)
{
	_cleanup_close_ int fd = -1;
	struct file_source src;
	struct diag diag = {};
	struct vmcore vc;
	struct stat st;
	int r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		log_error_errno(-errno, "%s: %m", path);
		return EXIT_FILE;
	}
	if (fstat(fd, &st) < 0) {
		log_error_errno(-errno, "%s: %m", path);
		return EXIT_FILE;
	}
	if (S_ISDIR(st.st_mode)) {
		log_error("%s: is a directory", path);
		return EXIT_FILE;
	}
	/* Read with pread at random offsets: a pipe or a device will not do. */
	if (!S_ISREG(st.st_mode)) {
		log_error("%s: not a regular file", path);
		return EXIT_FILE;
	}

	src.fd = fd;
	r = vmcore_open(pread_all, &src, st.st_size, &vc);
	switch (r) {
	case 0:
		break;
	case -ENOEXEC:
		log_error("%s: not a vmcore (an ELF64 core file of x86_64 or arm64, such as /proc/vmcore)", path);
		return EXIT_NOT_VMCORE;
	case -EBADMSG:
	case -E2BIG:
		log_error("%s: not a vmcore: its ELF headers are corrupt", path);
		return EXIT_NOT_VMCORE;
	case -ENODATA:
		log_error("%s: no VMCOREINFO note: cannot find the kernel log without it", path);
		return EXIT_NO_VMCOREINFO;
	default:
		log_error_errno(r, "%s: %m", path);
		return EXIT_FILE;
	}

	r = printk_walk(&vc.info, vmcore_read_vaddr, &vc, emit_stdout, stdout, &diag);
	vmcore_done(&vc);
	/* Whatever was printed before a failure is worth having: flush it first. */
	if (fflush(stdout) != 0 || r == -EIO) {
		log_error_errno(r == -EIO ? r : -errno, "writing the log: %m");
		return EXIT_OUTPUT;
	}
	switch (r) {
	case 0:
		return EXIT_OK;
	case -ENOENT:
	case -EINVAL:
		log_error("%s: %s", path, diag.msg);
		return EXIT_VMCOREINFO;
	case -EBADMSG:
	case -EFAULT:
		log_error("%s: %s", path, diag.msg);
		return EXIT_LOG;
	default:
		if (diag.msg[0])
			log_error("%s: %s", path, diag.msg);
		else
			log_error_errno(r, "%s: %m", path);
		return EXIT_LOG;
	}
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ "debug", no_argument, NULL, 'd' },
		{}
	};
	int c;

	log_set_program("vmcore-dmesg");
	/* One line of ours instead of getopt's. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hvd", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		case 'v':
			printf("vmcore-dmesg %s\n", KEXEC_VERSION);
			return EXIT_OK;
		case 'd':
			log_set_max_level(LOG_DEBUG);
			break;
		default:
			log_error("unknown option '%s' (try --help)", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		log_error(optind == argc ? "no FILE given (try --help)"
					 : "only one FILE, please (try --help)");
		return EXIT_USAGE;
	}
	return run(argv[optind]);
}
