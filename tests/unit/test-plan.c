// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The segment plan: tables of placement steps (each step's result and address checked), then
 * plan_validate() against hand-built plans that break one rule each, then the syscall view.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "plan.h"
#include "unit.h"

#define K 0x1000ULL
#define M 0x100000ULL
#define G 0x40000000ULL
#define TOP UINT64_MAX
#define MAXSTEPS 20

static const char data[64 * 1024];

enum step_kind { END, ADD, FIXED, KEEPOUT };

struct step {
	enum step_kind kind;
	size_t bufsz;
	uint64_t memsz;
	uint64_t mem; /* FIXED: the address; KEEPOUT: start (end is mem + memsz) */
	uint64_t align, min, max;
	bool top_down;
	bool nullbuf;
	int ret;
	uint64_t want; /* address on success */
};

struct plan_case {
	const char *name;
	struct range avail[4]; /* ends at the first empty range */
	struct step steps[MAXSTEPS];
};

/* Steps, tersely. */
#define TD(sz, al, mn, mx, r, w) { ADD, 0, sz, 0, al, mn, mx, true, false, r, w }
#define BU(sz, al, mn, mx, r, w) { ADD, 0, sz, 0, al, mn, mx, false, false, r, w }
#define FX(at, sz, r) { FIXED, 0, sz, at, 0, 0, 0, false, false, r, at }
#define KO(at, sz, r) { KEEPOUT, 0, sz, at, 0, 0, 0, false, false, r, 0 }

/* RAM of a q35 guest with 8 GiB, without the first MiB. */
#define Q35_8G { { M, 0x7ffdc000 }, { 4 * G, 10 * G } }

static const struct plan_case cases[] = {
	{ "top-down takes the highest hole", Q35_8G,
	  { TD(16 * M, 2 * M, 0, TOP, 0, 10 * G - 16 * M) } },
	{ "bottom-up takes the lowest hole", Q35_8G, { BU(16 * M, 2 * M, 0, TOP, 0, 2 * M) } },
	{ "bottom-up, page aligned", Q35_8G, { BU(16 * M, K, 0, TOP, 0, M) } },
	{ "max keeps it below 4 GiB", Q35_8G,
	  /* 0x7ffdc000 - 16 MiB, rounded down to 2 MiB */
	  { TD(16 * M, 2 * M, 0, 4 * G, 0, 0x7ee00000) } },
	{ "min moves it above 4 GiB", Q35_8G, { BU(16 * M, 2 * M, 4 * G, TOP, 0, 4 * G) } },
	{ "min and max form a window", Q35_8G,
	  { TD(M, M, 16 * M, 32 * M, 0, 31 * M), BU(M, M, 16 * M, 32 * M, 0, 16 * M) } },
	{ "large alignment", Q35_8G, { BU(K, G, 0, TOP, 0, G), TD(K, G, 0, TOP, 0, 9 * G) } },
	{ "later requests avoid earlier segments", Q35_8G,
	  { TD(16 * M, 2 * M, 0, TOP, 0, 10 * G - 16 * M),
	    TD(16 * M, 2 * M, 0, TOP, 0, 10 * G - 32 * M), BU(K, K, 0, TOP, 0, M),
	    BU(K, K, 0, TOP, 0, M + K) } },
	{ "memsz rounds up to a page", { { M, 2 * M } },
	  { BU(1, K, 0, TOP, 0, M), BU(K + 1, K, 0, TOP, 0, M + K),
	    BU(K, K, 0, TOP, 0, M + 3 * K) } },
	{ "align below a page is raised, 0 means a page", { { M + 16, 2 * M } },
	  { BU(K, 16, 0, TOP, 0, M + K), BU(K, 0, 0, TOP, 0, M + 2 * K),
	    BU(K, 1, M + 2 * K + 1, TOP, 0, M + 3 * K) } },
	{ "a hole exactly the size", { { 0, 64 * K } },
	  { FX(0, 16 * K, 0), FX(32 * K, 32 * K, 0), BU(16 * K, K, 0, TOP, 0, 16 * K),
	    BU(K, K, 0, TOP, -EADDRNOTAVAIL, 0) } },
	{ "a hole exactly the size, top-down", { { 0, 64 * K } },
	  { FX(0, 16 * K, 0), FX(32 * K, 32 * K, 0), TD(16 * K, K, 0, TOP, 0, 16 * K) } },
	{ "one page short", { { 0, 64 * K } },
	  { FX(0, 16 * K, 0), FX(31 * K, 32 * K, 0), BU(16 * K, K, 0, TOP, -EADDRNOTAVAIL, 0),
	    BU(15 * K, K, 0, TOP, 0, 16 * K) } },
	{ "no hole at all", Q35_8G,
	  { TD(8 * G, 2 * M, 0, TOP, -EADDRNOTAVAIL, 0), BU(3 * G, K, 0, 4 * G, -EADDRNOTAVAIL, 0),
	    BU(K, K, 10 * G, TOP, -EADDRNOTAVAIL, 0) } },
	{ "no memory", {}, { BU(K, K, 0, TOP, -EADDRNOTAVAIL, 0) } },
	{ "keepout is honoured", { { M, 64 * M } },
	  { KO(M, 47 * M, 0), BU(32 * M, K, 0, TOP, -EADDRNOTAVAIL, 0),
	    BU(16 * M, K, 0, TOP, 0, 48 * M), BU(K, K, 0, TOP, -EADDRNOTAVAIL, 0) } },
	{ "keepout between segments", { { 0, 64 * K } },
	  { BU(8 * K, K, 0, TOP, 0, 0), KO(8 * K, 8 * K, 0), BU(8 * K, K, 0, TOP, 0, 16 * K),
	    TD(8 * K, K, 0, TOP, 0, 56 * K) } },
	{ "keepout over a segment is refused", { { 0, 64 * K } },
	  { BU(8 * K, K, 0, TOP, 0, 0), KO(4 * K, 8 * K, -EADDRINUSE), KO(8 * K, 0, 0),
	    KO(9 * K, -5 * K, -EINVAL) } },
	{ "the plan holds 16 segments", { { 0, G } },
	  { BU(K, K, 0, TOP, 0, 0), BU(K, K, 0, TOP, 0, K), BU(K, K, 0, TOP, 0, 2 * K),
	    BU(K, K, 0, TOP, 0, 3 * K), BU(K, K, 0, TOP, 0, 4 * K), BU(K, K, 0, TOP, 0, 5 * K),
	    BU(K, K, 0, TOP, 0, 6 * K), BU(K, K, 0, TOP, 0, 7 * K), BU(K, K, 0, TOP, 0, 8 * K),
	    BU(K, K, 0, TOP, 0, 9 * K), BU(K, K, 0, TOP, 0, 10 * K),
	    BU(K, K, 0, TOP, 0, 11 * K), BU(K, K, 0, TOP, 0, 12 * K),
	    BU(K, K, 0, TOP, 0, 13 * K), BU(K, K, 0, TOP, 0, 14 * K),
	    FX(15 * K, K, 0), BU(K, K, 0, TOP, -E2BIG, 0), FX(20 * K, K, -E2BIG) } },
	{ "fixed segments", Q35_8G,
	  { FX(16 * M, 32 * M, 0), FX(48 * M, K, 0), FX(47 * M, 2 * M, -EADDRINUSE),
	    FX(16 * M - K, 2 * K, -EADDRINUSE), FX(32 * M, K, -EADDRINUSE),
	    FX(16 * M - K, K, 0), FX(0, K, -EADDRNOTAVAIL), FX(0x7ffdb000, 2 * K, -EADDRNOTAVAIL),
	    FX(0x7ffdb000, K, 0), FX(3 * G, K, -EADDRNOTAVAIL), FX(4 * G - K, 2 * K, -EADDRNOTAVAIL),
	    FX(4 * G, 6 * G, 0), FX(M + 1, K, -EINVAL), FX(TOP & ~(K - 1), K, -EOVERFLOW) } },
	{ "fixed segment against keepout", { { 0, G } },
	  { KO(16 * M, 16 * M, 0), FX(31 * M, 2 * M, -EADDRINUSE), FX(32 * M, M, 0),
	    FX(15 * M, M, 0) } },
	{ "bad requests", { { 0, G } },
	  { { ADD, 2 * K, K, 0, K, 0, TOP, false, false, -EINVAL, 0 },
	    { ADD, 0, 0, 0, K, 0, TOP, false, false, -EINVAL, 0 },
	    { ADD, K, K, 0, K, 0, TOP, false, true, -EINVAL, 0 },
	    { ADD, 0, K, 0, K, 0, TOP, false, true, 0, 0 },
	    BU(K, 3 * K, 0, TOP, -EINVAL, 0), BU(K, 3, 0, TOP, -EINVAL, 0),
	    BU(K, K, 2 * M, 2 * M, -EINVAL, 0), BU(K, K, 2 * M, M, -EINVAL, 0),
	    BU(TOP, K, 0, TOP, -EOVERFLOW, 0), BU(TOP - K + 2, K, 0, TOP, -EOVERFLOW, 0),
	    { FIXED, 2 * K, K, 0, 0, 0, 0, false, false, -EINVAL, 0 },
	    FX(0, 0, -EINVAL) } },
};

static void run_case(const struct plan_case *c)
{
	struct kexec_plan p;
	struct diag why = {};

	plan_init(&p);
	for (size_t i = 0; i < ARRAY_SIZE(c->avail) && c->avail[i].start < c->avail[i].end; i++)
		CHECK_EQ_INT(range_list_add(&p.avail, c->avail[i].start, c->avail[i].end), 0);

	for (size_t i = 0; i < MAXSTEPS && c->steps[i].kind != END; i++) {
		const struct step *s = &c->steps[i];
		const void *buf = s->nullbuf ? NULL : data;
		uint64_t got = 0xdead;
		size_t nr = p.nr;
		int r = 0;

		switch (s->kind) {
		case ADD: {
			struct placement req = { .memsz = s->memsz, .align = s->align,
						 .min = s->min, .max = s->max,
						 .top_down = s->top_down };

			r = plan_add(&p, "seg", buf, s->bufsz, false, &req, &got);
			break;
		}
		case FIXED:
			r = plan_add_fixed(&p, "seg", buf, s->bufsz, false, s->mem, s->memsz, &got);
			break;
		case KEEPOUT:
			r = plan_keepout(&p, s->mem, s->mem + s->memsz);
			if (r == 0)
				got = s->want;
			break;
		case END:
			break;
		}

		unit_checks++;
		if (r != s->ret || (r == 0 && got != s->want) || (r < 0 && got != 0xdead) ||
		    p.nr != nr + (r == 0 && s->kind != KEEPOUT)) {
			unit_failures++;
			fprintf(stderr,
				"plan '%s' step %zu: got %d at %#" PRIx64 " (nr %zu), want %d at %#" PRIx64
				"\n",
				c->name, i, r, got, p.nr, s->ret, s->want);
		}
	}

	/* Whatever the steps did, what plan_add*() accepted must pass the validator. */
	diag_clear(&why);
	CHECK_EQ_INT(plan_validate(&p, &why), 0);
	if (!diag_empty(&why))
		fprintf(stderr, "plan '%s': %s\n", c->name, why.msg);
	plan_done(&p);
}

static void test_placement(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
}

static void test_ownership(void)
{
	struct placement req = { .memsz = 2 * K, .max = TOP };
	struct kexec_plan p;
	struct segment *s;
	uint64_t mem, mem2;
	char *a = malloc(100), *b = malloc(100), *c = malloc(100);

	plan_init(&p);
	CHECK_EQ_INT(range_list_add(&p.avail, M, 2 * M), 0);
	CHECK_EQ_INT(plan_add(&p, "owned", a, 100, true, &req, &mem), 0);
	CHECK_EQ_INT(plan_add_fixed(&p, "fixed owned", b, 100, true, 2 * M - K, K, &mem2), 0);
	CHECK(mem2 == 2 * M - K);
	/* On failure the buffer stays the caller's: free it ourselves (ASan finds a double free
	 * or a leak). */
	CHECK_EQ_INT(plan_add_fixed(&p, "refused", c, 100, true, M, K, NULL), -EADDRINUSE);
	free(c);
	/* Pure zero fill: no buffer at all. */
	CHECK_EQ_INT(plan_add(&p, "bss", NULL, 0, false, &req, NULL), 0);

	s = plan_find(&p, mem);
	CHECK(s && s->buf == a && s->bufsz == 100 && s->memsz == 2 * K && s->owned);
	CHECK_EQ_STR(s->name, "owned");
	s->unhashed = true;
	CHECK(plan_find(&p, mem + K) == NULL);
	CHECK(plan_find(&p, 2 * M - K)->buf == b);
	plan_done(&p);
	CHECK(p.nr == 0 && p.avail.n == 0 && p.keepout.n == 0);
	plan_done(&p); /* done twice is harmless */
}

static struct segment seg(const char *name, const void *buf, size_t bufsz, uint64_t mem,
			  uint64_t memsz)
{
	return (struct segment){ .name = name, .buf = buf, .bufsz = bufsz, .mem = mem,
				 .memsz = memsz };
}

/* A plan that validates: each case below breaks one thing in a copy of it. */
static void base_plan(struct kexec_plan *p)
{
	plan_init(p);
	range_list_add(&p->avail, M, 0x7ffdc000);
	range_list_add(&p->avail, 4 * G, 10 * G);
	p->seg[0] = seg("kernel", data, 4 * K, 16 * M, 32 * M);
	p->seg[1] = seg("initrd", data, 100, 0x7f000000, K);
	p->seg[2] = seg("boot_params", data, 4 * K, M, 4 * K);
	p->seg[3] = seg("purgatory", data, 3 * K, M + 4 * K, 4 * K);
	p->nr = 4;
	range_list_add(&p->keepout, 48 * M, 64 * M);
}

struct validate_case {
	const char *name;
	void (*breakit)(struct kexec_plan *p);
	int ret;
	const char *why1, *why2; /* must appear in the explanation */
};

static void b_none(struct kexec_plan *p) { (void)p; }
static void b_too_many(struct kexec_plan *p) { p->nr = KEXEC_SEGMENT_MAX + 1; }
static void b_mem_unaligned(struct kexec_plan *p) { p->seg[1].mem += 0x10; }
static void b_memsz_unaligned(struct kexec_plan *p) { p->seg[1].memsz = K + 1; }
static void b_memsz_zero(struct kexec_plan *p) { p->seg[2].memsz = 0; p->seg[2].bufsz = 0; }
static void b_bufsz(struct kexec_plan *p) { p->seg[3].bufsz = 4 * K + 1; }
static void b_nullbuf(struct kexec_plan *p) { p->seg[3].buf = NULL; }
static void b_nullbuf_ok(struct kexec_plan *p) { p->seg[3].buf = NULL; p->seg[3].bufsz = 0; }
static void b_wrap(struct kexec_plan *p) { p->seg[1].mem = TOP - K + 1; p->seg[1].memsz = 2 * K; }
static void b_overlap(struct kexec_plan *p) { p->seg[3].mem = M; }
static void b_overlap_inside(struct kexec_plan *p) { p->seg[1].mem = 20 * M; }
static void b_adjacent(struct kexec_plan *p) { p->seg[1].mem = 64 * M; }
static void b_keepout(struct kexec_plan *p) { p->seg[1].mem = 64 * M - K; p->seg[1].memsz = 2 * K; }
static void b_outside(struct kexec_plan *p) { p->seg[1].mem = 0x7ffdc000; }
static void b_straddle(struct kexec_plan *p) { p->seg[1].mem = 4 * G - K; p->seg[1].memsz = 2 * K; }
static void b_below(struct kexec_plan *p) { p->seg[2].mem = 0; }
static void b_full_ok(struct kexec_plan *p)
{
	for (size_t i = p->nr; i < KEXEC_SEGMENT_MAX; i++)
		p->seg[i] = seg("extra", NULL, 0, 4 * G + i * K, K);
	p->nr = KEXEC_SEGMENT_MAX;
}

static const struct validate_case vcases[] = {
	{ "valid", b_none, 0, NULL, NULL },
	{ "16 segments", b_full_ok, 0, NULL, NULL },
	{ "17 segments", b_too_many, -E2BIG, "17", NULL },
	{ "mem not page aligned", b_mem_unaligned, -EINVAL, "initrd", "aligned" },
	{ "memsz not a page multiple", b_memsz_unaligned, -EINVAL, "initrd", "aligned" },
	{ "memsz 0", b_memsz_zero, -EINVAL, "boot_params", "empty" },
	{ "bufsz > memsz", b_bufsz, -EINVAL, "purgatory", "memsz" },
	{ "no buffer", b_nullbuf, -EINVAL, "purgatory", "no buffer" },
	{ "no buffer, no data", b_nullbuf_ok, 0, NULL, NULL },
	{ "wraps past 2^64", b_wrap, -EOVERFLOW, "initrd", "wraps" },
	{ "segments overlap", b_overlap, -EADDRINUSE, "purgatory", "boot_params" },
	{ "segment inside another", b_overlap_inside, -EADDRINUSE, "initrd", "kernel" },
	{ "adjacent to keepout", b_adjacent, 0, NULL, NULL },
	{ "overlaps keepout", b_keepout, -EADDRINUSE, "initrd", "kept-out" },
	{ "outside avail", b_outside, -EADDRNOTAVAIL, "initrd", "usable" },
	{ "straddles a gap in avail", b_straddle, -EADDRNOTAVAIL, "initrd", "usable" },
	{ "in the first MiB", b_below, -EADDRNOTAVAIL, "boot_params", "usable" },
};

static void test_validate(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(vcases); i++) {
		const struct validate_case *c = &vcases[i];
		struct kexec_plan p;
		struct diag why = {};
		int r;

		base_plan(&p);
		c->breakit(&p);
		r = plan_validate(&p, &why);
		unit_checks++;
		if (r != c->ret || (c->ret == 0 && !diag_empty(&why)) || (c->ret < 0 && diag_empty(&why)) ||
		    (c->why1 && !strstr(why.msg, c->why1)) || (c->why2 && !strstr(why.msg, c->why2))) {
			unit_failures++;
			fprintf(stderr, "validate '%s': got %d \"%s\", want %d\n", c->name, r, why.msg,
				c->ret);
		}
		/* No explanation wanted is fine. */
		CHECK_EQ_INT(plan_validate(&p, NULL), c->ret);
		p.nr = MIN(p.nr, (size_t)KEXEC_SEGMENT_MAX);
		plan_done(&p);
	}
}

/* The usual bzImage layout, as a loader would build it, down to the syscall array. */
static void test_bzimage_layout(void)
{
	struct kexec_segment ks[KEXEC_SEGMENT_MAX];
	struct kexec_plan p;
	uint64_t kernel, initrd, params, purg, cmd;
	struct diag why = {};
	size_t n;

	plan_init(&p);
	CHECK_EQ_INT(range_list_add(&p.avail, 0x1000, 0x9fc00), 0);
	CHECK_EQ_INT(range_list_add(&p.avail, M, 0x7ffdc000), 0);
	CHECK_EQ_INT(range_list_add(&p.avail, 4 * G, 10 * G), 0);
	/* Keep the real-mode area and the first MiB out, as kexec-tools does. */
	range_list_clip(&p.avail, M, TOP);
	CHECK_EQ_INT(p.avail.n, 2);

	/* kernel: 2 MiB aligned, at least 16 MiB, below 4 GiB; init_size beyond memsz kept free */
	CHECK_EQ_INT(plan_add(&p, "kernel", data, sizeof(data), false,
			      &(struct placement){ .memsz = 12 * M, .align = 2 * M, .min = 16 * M,
						   .max = 4 * G },
			      &kernel),
		     0);
	CHECK(kernel == 16 * M);
	CHECK_EQ_INT(plan_keepout(&p, kernel + 12 * M, kernel + 40 * M), 0);
	CHECK_EQ_INT(plan_add(&p, "initrd", data, 1000, false,
			      &(struct placement){ .memsz = 30 * M, .max = 4 * G, .top_down = true },
			      &initrd),
		     0);
	CHECK(initrd == 0x7ffdc000 - 30 * M);
	CHECK_EQ_INT(plan_add(&p, "boot_params", data, 4096, false,
			      &(struct placement){ .memsz = 4096, .max = 4 * G }, &params),
		     0);
	CHECK_EQ_INT(plan_add(&p, "cmdline", data, 300, false,
			      &(struct placement){ .memsz = 300, .max = 4 * G }, &cmd),
		     0);
	CHECK_EQ_INT(plan_add(&p, "purgatory", data, 10000, false,
			      &(struct placement){ .memsz = 0x8000, .align = 16, .max = 2 * G,
						   .top_down = true },
			      &purg),
		     0);
	CHECK(params == M && cmd == M + K);
	/* Bottom-up past the kernel's keepout: nothing lands in [kernel, kernel + 40M). */
	CHECK_EQ_INT(plan_add(&p, "filler", NULL, 0, false,
			      &(struct placement){ .memsz = 15 * M - 2 * K, .max = 4 * G }, NULL),
		     0);
	CHECK_EQ_INT(plan_add(&p, "after keepout", NULL, 0, false,
			      &(struct placement){ .memsz = K, .max = 4 * G }, &cmd),
		     0);
	CHECK(cmd == kernel + 40 * M);
	plan_find(&p, purg)->unhashed = true;

	CHECK_EQ_INT(plan_validate(&p, &why), 0);
	n = plan_to_kexec_segments(&p, ks);
	CHECK_EQ_INT(n, 7);
	for (size_t i = 1; i < n; i++)
		CHECK((uintptr_t)ks[i - 1].mem + ks[i - 1].memsz <= (uintptr_t)ks[i].mem);
	CHECK((uintptr_t)ks[0].mem == M && ks[0].bufsz == 4096 && ks[0].memsz == 4096);
	/* purgatory went top-down below 2 GiB, so right under the initrd */
	CHECK((uintptr_t)ks[n - 2].mem == purg && ks[n - 2].bufsz == 10000 &&
	      ks[n - 2].memsz == 0x8000);
	CHECK((uintptr_t)ks[n - 1].mem == initrd && purg + 0x8000 == initrd);
	CHECK(ks[n - 1].buf == data && ks[n - 1].bufsz == 1000 && ks[n - 1].memsz == 30 * M);

	/* The dump goes to stderr under --debug: capture it, one line per segment in address
	 * order. */
	{
		enum log_level saved = log_get_max_level();
		char out[4096] = "";
		FILE *f = tmpfile();
		int saved_fd = dup(STDERR_FILENO);
		size_t len;

		CHECK(f && saved_fd >= 0);
		fflush(stderr);
		dup2(fileno(f), STDERR_FILENO);
		log_set_max_level(LOG_DEBUG);
		plan_log(&p);
		log_set_max_level(saved);
		fflush(stderr);
		dup2(saved_fd, STDERR_FILENO);
		close(saved_fd);
		rewind(f);
		len = fread(out, 1, sizeof(out) - 1, f);
		out[len] = '\0';
		fclose(f);
		CHECK(strstr(out, "boot_params  0x0000000000100000..0x0000000000101000 memsz 0x1000 "
				  "bufsz 0x1000\n") != NULL);
		CHECK(strstr(out, "purgatory    0x000000007e1d4000..0x000000007e1dc000 memsz 0x8000 "
				  "bufsz 0x2710 (unhashed)\n") != NULL);
		CHECK(strstr(out, "boot_params") < strstr(out, "kernel") &&
		      strstr(out, "kernel") < strstr(out, "initrd"));
		len = 0;
		for (const char *c = out; *c; c++)
			len += *c == '\n';
		CHECK_EQ_INT(len, 7);
	}
	plan_done(&p);
}

int main(void)
{
	test_placement();
	test_ownership();
	test_validate();
	test_bzimage_layout();
	return unit_summary("test-plan");
}
