// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The printk log walkers on generated kernel memory: a lockless ringbuffer and a printk_log
 * record buffer filled the way the kernel fills them (wrapping, overwriting the oldest records),
 * a pre-3.5 character buffer, and corrupt variants of each, which must fail cleanly.
 */
#include <errno.h>
#include <stdlib.h>

#include "macro.h"
#include "printk.h"
#include "unit.h"

/* ---- fake kernel memory: one flat buffer at a kernel address ---- */

struct mem {
	uint64_t base;
	uint8_t *buf;
	size_t len, used;
};

static int mem_read(void *userdata, uint64_t vaddr, void *buf, size_t len)
{
	const struct mem *m = userdata;

	if (vaddr < m->base || vaddr - m->base > m->len || len > m->len - (vaddr - m->base))
		return -EFAULT;
	memcpy(buf, m->buf + (vaddr - m->base), len);
	return 0;
}

static void mem_init(struct mem *m, size_t len)
{
	*m = (struct mem){ .base = 0xffffffff82000000ULL, .buf = calloc(1, len), .len = len };
}

/* Bump allocation, 64-byte aligned; returns the kernel address. */
static uint64_t mem_alloc(struct mem *m, size_t len)
{
	uint64_t a = m->base + m->used;

	m->used += (len + 63) & ~(size_t)63;
	if (m->used > m->len)
		abort();
	return a;
}

static uint8_t *mem_at(struct mem *m, uint64_t vaddr)
{
	return m->buf + (vaddr - m->base);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/* ---- collecting what the walker emits ---- */

struct out {
	char *text;
	size_t len;
	FILE *f;
	int records;
	int fail_after; /* emit returns -ECANCELED after this many records, if > 0 */
};

static int collect(void *userdata, const struct printk_record *rec)
{
	struct out *o = userdata;

	if (o->fail_after > 0 && o->records == o->fail_after)
		return -ECANCELED;
	o->records++;
	return printk_format_record(o->f, rec);
}

static void out_open(struct out *o)
{
	*o = (struct out){};
	o->f = open_memstream(&o->text, &o->len);
}

static void out_close(struct out *o)
{
	fclose(o->f);
	o->f = NULL;
}

static int walk(const char *vmcoreinfo, struct mem *m, struct out *o, struct diag *diag)
{
	struct vmcoreinfo vi;
	int r;

	CHECK_EQ_INT(vmcoreinfo_parse(vmcoreinfo, strlen(vmcoreinfo), &vi), 0);
	out_open(o);
	r = printk_walk(&vi, mem_read, m, collect, o, diag);
	out_close(o);
	vmcoreinfo_done(&vi);
	return r;
}

/* ---- the lockless ringbuffer, laid out as on x86-64 6.1 ---- */

#define ID_MASK (~(3ULL << 62))
#define STATE_COMMITTED 1ULL
#define STATE_FINALIZED 2ULL
#define STATE_REUSABLE 3ULL
#define NO_LPOS 0x3ULL

static const char prb_vmcoreinfo_fmt[] =
	"OSRELEASE=6.1.0-test\n"
	"PAGESIZE=4096\n"
	"SYMBOL(prb)=%llx\n"
	"SYMBOL(printk_rb_static)=%llx\n"
	"SIZE(printk_ringbuffer)=88\n"
	"OFFSET(printk_ringbuffer.desc_ring)=0\n"
	"OFFSET(printk_ringbuffer.text_data_ring)=48\n"
	"OFFSET(printk_ringbuffer.fail)=80\n"
	"SIZE(prb_desc_ring)=48\n"
	"OFFSET(prb_desc_ring.count_bits)=0\n"
	"OFFSET(prb_desc_ring.descs)=8\n"
	"OFFSET(prb_desc_ring.infos)=16\n"
	"OFFSET(prb_desc_ring.head_id)=24\n"
	"OFFSET(prb_desc_ring.tail_id)=32\n"
	"SIZE(prb_desc)=24\n"
	"OFFSET(prb_desc.state_var)=0\n"
	"OFFSET(prb_desc.text_blk_lpos)=8\n"
	"SIZE(prb_data_blk_lpos)=16\n"
	"OFFSET(prb_data_blk_lpos.begin)=0\n"
	"OFFSET(prb_data_blk_lpos.next)=8\n"
	"SIZE(printk_info)=88\n"
	"OFFSET(printk_info.seq)=0\n"
	"OFFSET(printk_info.ts_nsec)=8\n"
	"OFFSET(printk_info.text_len)=16\n"
	"OFFSET(printk_info.caller_id)=20\n"
	"OFFSET(printk_info.dev_info)=24\n"
	"SIZE(prb_data_ring)=32\n"
	"OFFSET(prb_data_ring.size_bits)=0\n"
	"OFFSET(prb_data_ring.data)=8\n"
	"OFFSET(prb_data_ring.head_lpos)=16\n"
	"OFFSET(prb_data_ring.tail_lpos)=24\n"
	"SIZE(atomic_long_t)=8\n"
	"OFFSET(atomic_long_t.counter)=0\n"
	"CRASH_TIME=1700000000";

/* A writer that places records as the kernel does, dropping the oldest when a ring is full. */
struct prb_sim {
	struct mem *m;
	uint64_t prb_sym, rb, descs, infos, data;
	unsigned count_bits, size_bits;
	uint64_t count, size;
	uint64_t head_id, tail_id, head_lpos, tail_lpos;
	uint64_t seq;
	char vmcoreinfo[2048];
};

static uint8_t *sim_desc(struct prb_sim *s, uint64_t id)
{
	return mem_at(s->m, s->descs + (id % s->count) * 24);
}

static uint8_t *sim_info(struct prb_sim *s, uint64_t id)
{
	return mem_at(s->m, s->infos + (id % s->count) * 88);
}

static void sim_sync(struct prb_sim *s)
{
	uint8_t *rb = mem_at(s->m, s->rb);

	put32(rb + 0, s->count_bits);
	put64(rb + 8, s->descs);
	put64(rb + 16, s->infos);
	put64(rb + 24, s->head_id);
	put64(rb + 32, s->tail_id);
	put32(rb + 48, s->size_bits);
	put64(rb + 56, s->data);
	put64(rb + 64, s->head_lpos);
	put64(rb + 72, s->tail_lpos);
}

static void sim_init(struct prb_sim *s, struct mem *m, unsigned count_bits, unsigned size_bits)
{
	*s = (struct prb_sim){ .m = m, .count_bits = count_bits, .size_bits = size_bits };
	s->count = 1ULL << count_bits;
	s->size = 1ULL << size_bits;
	s->prb_sym = mem_alloc(m, 8);
	s->rb = mem_alloc(m, 88);
	s->descs = mem_alloc(m, s->count * 24);
	s->infos = mem_alloc(m, s->count * 88);
	s->data = mem_alloc(m, s->size);
	put64(mem_at(m, s->prb_sym), s->rb);
	/* The kernel's initial state: IDs and positions start just below a wrap, and the last
	 * descriptor is reusable with the initial ID. */
	s->head_id = s->tail_id = (0 - (s->count + 1)) & ID_MASK;
	s->head_lpos = s->tail_lpos = 0 - s->size;
	put64(sim_desc(s, s->head_id), (STATE_REUSABLE << 62) | s->head_id);
	put64(sim_desc(s, s->head_id) + 8, s->head_lpos);
	put64(sim_desc(s, s->head_id) + 16, s->head_lpos);
	sim_sync(s);
	snprintf(s->vmcoreinfo, sizeof(s->vmcoreinfo), prb_vmcoreinfo_fmt,
		 (unsigned long long)s->prb_sym, (unsigned long long)s->rb);
}

/* Drop the oldest record: the tail moves past it, in both rings. */
static void sim_pop(struct prb_sim *s)
{
	uint64_t id = (s->tail_id + 1) & ID_MASK;
	uint8_t *d = sim_desc(s, id);
	uint64_t begin = 0, next = 0;

	memcpy(&begin, d + 8, 8);
	memcpy(&next, d + 16, 8);
	put64(d, (STATE_REUSABLE << 62) | id);
	if (begin != next)
		s->tail_lpos = next;
	s->tail_id = id;
}

static void sim_add(struct prb_sim *s, uint64_t ts, const char *text, size_t len, uint64_t state)
{
	uint64_t id = (s->head_id + 1) & ID_MASK;
	uint64_t begin = NO_LPOS, next = NO_LPOS;

	/* The descriptor ring is full when head would catch up with tail. */
	if (((id - s->tail_id) & ID_MASK) >= s->count)
		sim_pop(s);
	if (len > 0) {
		uint64_t bsize = (8 + len + 7) & ~7ULL;

		begin = s->head_lpos;
		next = begin + bsize;
		/* A block that would cross the end of the ring goes to its start. */
		if ((begin >> s->size_bits) != (next >> s->size_bits))
			next = ((next >> s->size_bits) << s->size_bits) + bsize;
		while (next - s->tail_lpos > s->size)
			sim_pop(s);
		{
			uint64_t off = (next - bsize) & (s->size - 1);
			uint8_t *blk = mem_at(s->m, s->data + off);

			put64(blk, id);
			memcpy(blk + 8, text, len);
		}
		s->head_lpos = next;
	}
	put64(sim_desc(s, id), (state << 62) | id);
	put64(sim_desc(s, id) + 8, begin);
	put64(sim_desc(s, id) + 16, next);
	memset(sim_info(s, id), 0, 88);
	put64(sim_info(s, id), s->seq++);
	put64(sim_info(s, id) + 8, ts);
	put16(sim_info(s, id) + 16, (uint16_t)len);
	s->head_id = id;
	sim_sync(s);
}

static void sim_add_str(struct prb_sim *s, uint64_t ts, const char *text)
{
	sim_add(s, ts, text, strlen(text), STATE_FINALIZED);
}

static void test_lockless_basic(void)
{
	struct diag diag = {};
	enum printk_format f;
	struct vmcoreinfo vi;
	struct prb_sim s;
	struct out o;
	struct mem m;

	mem_init(&m, 1 << 16);
	sim_init(&s, &m, 4, 10);
	sim_add_str(&s, 0, "Linux version 6.1.0-test");
	sim_add_str(&s, 1500000000, "second");
	sim_add(&s, 1600000000, "", 0, STATE_FINALIZED); /* data-less: not printed */
	sim_add_str(&s, 123456789012345ULL, "big time");
	sim_add(&s, 2000000000, "still being written", 19, STATE_COMMITTED);

	CHECK_EQ_INT(vmcoreinfo_parse(s.vmcoreinfo, strlen(s.vmcoreinfo), &vi), 0);
	CHECK_EQ_INT(printk_detect(&vi, &f), 0);
	CHECK_EQ_INT(f, PRINTK_LOCKLESS);
	vmcoreinfo_done(&vi);

	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, &diag), 0);
	CHECK_EQ_STR(o.text, "[    0.000000] Linux version 6.1.0-test\n"
			     "[    1.500000] second\n"
			     "[123456.789012] big time\n"
			     "[    2.000000] still being written\n");
	CHECK_EQ_INT(o.records, 4);
	free(o.text);
	free(m.buf);
}

/* Reserved (being written) and reusable descriptors are skipped; so is an ID mismatch. */
static void test_lockless_states(void)
{
	struct prb_sim s;
	struct out o;
	struct mem m;

	mem_init(&m, 1 << 16);
	sim_init(&s, &m, 4, 10);
	sim_add_str(&s, 1000, "one");
	sim_add(&s, 2000, "reserved", 8, 0);
	sim_add(&s, 3000, "reusable", 8, STATE_REUSABLE);
	sim_add_str(&s, 4000, "four");
	/* A descriptor already taken by a newer ID (the writer got there first). */
	sim_add_str(&s, 5000, "five");
	put64(sim_desc(&s, s.head_id), (STATE_FINALIZED << 62) | ((s.head_id + s.count) & ID_MASK));

	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
	CHECK_EQ_STR(o.text, "[    0.000001] one\n[    0.000004] four\n");
	free(o.text);
	free(m.buf);
}

/* Continuation lines are indented under the text; control bytes and non-ASCII escaped. */
static void test_format(void)
{
	static const struct {
		uint64_t ts;
		const char *text;
		size_t len;
		bool raw;
		const char *out;
	} cases[] = {
		{ 0, "plain", 5, false, "[    0.000000] plain\n" },
		{ 999999999, "x", 1, false, "[    0.999999] x\n" },
		{ 1000000000ULL * 100000, "wide", 4, false, "[100000.000000] wide\n" },
		{ 1, "a\nb", 3, false, "[    0.000000] a\n               b\n" },
		{ 1000000000ULL * 123456, "a\nb", 3, false, "[123456.000000] a\n                b\n" },
		{ 0, "tab\there\r", 9, false, "[    0.000000] tab\there\r\n" },
		{ 0, "\x01\x7f\xc3\xa9", 4, false, "[    0.000000] \\x01\\x7f\\xc3\\xa9\n" },
		{ 0, "nul\0x", 5, false, "[    0.000000] nul\\x00x\n" },
		{ 0, "", 0, false, "[    0.000000] \n" },
		{ 0, "raw\ntext\x01", 9, true, "raw\ntext\x01" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct printk_record rec = {
			.ts_nsec = cases[i].ts,
			.text = cases[i].text,
			.text_len = cases[i].len,
			.raw = cases[i].raw,
		};
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		CHECK_EQ_INT(printk_format_record(f, &rec), 0);
		fclose(f);
		CHECK_EQ_STR(buf, cases[i].out);
		free(buf);
	}
}

/* Many records through small rings: both wrap several times; the newest survive, in order. */
static void test_lockless_wrap(void)
{
	for (unsigned size_bits = 7; size_bits <= 9; size_bits++) {
		struct prb_sim s;
		struct out o;
		struct mem m;
		char *expect = NULL;
		size_t expect_len = 0;
		FILE *ef = open_memstream(&expect, &expect_len);
		char (*texts)[64] = calloc(300, 64);
		uint64_t first_id;

		mem_init(&m, 1 << 16);
		sim_init(&s, &m, 3, size_bits);
		first_id = (s.head_id + 1) & ID_MASK;
		for (int i = 0; i < 300; i++) {
			/* Lengths 0..40 with a period prime to the ring sizes. */
			size_t len = (i * 7) % 41;

			for (size_t j = 0; j < len; j++)
				texts[i][j] = 'a' + (i + j) % 26;
			sim_add(&s, (uint64_t)i * 1000, texts[i], len, STATE_FINALIZED);
		}
		/* What is left is tail + 1 .. head (tail itself was popped or is the initial
		 * reusable descriptor). */
		for (int i = 0; i < 300; i++) {
			uint64_t id = (first_id + i) & ID_MASK;
			size_t len = (i * 7) % 41;

			if (((id - s.tail_id) & ID_MASK) == 0 || ((s.head_id - id) & ID_MASK) >= s.count)
				continue;
			if (((id - s.tail_id) & ID_MASK) > ((s.head_id - s.tail_id) & ID_MASK))
				continue;
			if (len == 0)
				continue;
			fprintf(ef, "[    0.%06d] %.*s\n", i, (int)len, texts[i]);
		}
		fclose(ef);

		CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
		CHECK_EQ_STR(o.text, expect);
		CHECK(o.records > 0);
		free(o.text);
		free(expect);
		free(texts);
		free(m.buf);
	}
}

/* A text_len longer than its data block (the kernel truncated it): only the block is read. */
static void test_lockless_truncated_text(void)
{
	struct prb_sim s;
	struct out o;
	struct mem m;

	mem_init(&m, 1 << 16);
	sim_init(&s, &m, 4, 10);
	sim_add_str(&s, 0, "12345678");
	put16(sim_info(&s, s.head_id) + 16, 60000);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
	CHECK_EQ_STR(o.text, "[    0.000000] 12345678\n");
	free(o.text);
	free(m.buf);
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *r;

	if (!p)
		abort();
	r = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	sprintf(r, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
	return r;
}

static void test_lockless_corrupt(void)
{
	static const struct {
		const char *from, *to;
		int r;
		const char *diag;
	} vi_cases[] = {
		{ "OFFSET(prb_desc.state_var)=0\n", "", -ENOENT,
		  "VMCOREINFO lacks OFFSET(prb_desc.state_var)" },
		{ "SIZE(printk_info)=88\n", "", -ENOENT, "VMCOREINFO lacks SIZE(printk_info)" },
		{ "OFFSET(atomic_long_t.counter)=0", "OFFSET(atomic_long_t.counter)=x", -EINVAL,
		  "VMCOREINFO has a malformed OFFSET(atomic_long_t.counter)" },
		{ "SIZE(prb_desc)=24", "SIZE(prb_desc)=12", -EINVAL, NULL },
		{ "SIZE(printk_ringbuffer)=88", "SIZE(printk_ringbuffer)=1000000", -EINVAL, NULL },
		{ "OFFSET(printk_info.text_len)=16", "OFFSET(printk_info.text_len)=18446744073709551615",
		  -EINVAL, NULL },
		{ "OFFSET(prb_desc_ring.descs)=8", "OFFSET(prb_desc_ring.descs)=18446744073709551612",
		  -EINVAL, NULL },
	};
	struct diag diag;
	struct prb_sim s;
	struct out o;
	struct mem m;
	uint8_t *rb;

	mem_init(&m, 1 << 16);
	sim_init(&s, &m, 4, 10);
	sim_add_str(&s, 0, "hello");
	sim_add_str(&s, 0, "world");

	for (size_t i = 0; i < ARRAY_SIZE(vi_cases); i++) {
		char *vi = replace(s.vmcoreinfo, vi_cases[i].from, vi_cases[i].to);

		diag = (struct diag){};
		CHECK_EQ_INT(walk(vi, &m, &o, &diag), vi_cases[i].r);
		if (vi_cases[i].diag)
			CHECK_EQ_STR(diag.msg, vi_cases[i].diag);
		CHECK(diag.msg[0] != '\0');
		CHECK_EQ_INT(o.records, 0);
		free(o.text);
		free(vi);
	}

	rb = mem_at(&m, s.rb);
	/* Ring sizes beyond anything the kernel allows. */
	put32(rb + 0, 40);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put32(rb + 0, s.count_bits);
	put32(rb + 48, 63);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put32(rb + 48, s.size_bits);

	/* head..tail spans more IDs than the ring has descriptors (a walk of 2^62 steps). */
	put64(rb + 32, (s.head_id - s.count) & ID_MASK);
	diag = (struct diag){};
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, &diag), -EBADMSG);
	CHECK(strstr(diag.msg, "tail_id") != NULL);
	free(o.text);
	put64(rb + 32, (s.head_id + 1) & ID_MASK);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put64(rb + 32, s.tail_id);

	/* Pointers out of the dump. */
	put64(rb + 8, 0x1000);
	diag = (struct diag){};
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, &diag), -EFAULT);
	CHECK(strstr(diag.msg, "descriptor") != NULL);
	free(o.text);
	put64(rb + 8, s.descs);
	put64(rb + 56, 0xffffffffffff0000ULL);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EFAULT);
	free(o.text);
	put64(rb + 56, s.data);
	put64(mem_at(&m, s.prb_sym), 0);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EFAULT);
	free(o.text);
	put64(mem_at(&m, s.prb_sym), s.rb);

	/* Block positions that disagree with each other stay inside the ring. */
	put64(sim_desc(&s, s.head_id) + 8, 0);
	put64(sim_desc(&s, s.head_id) + 16, 4);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
	CHECK_EQ_STR(o.text, "[    0.000000] hello\n[    0.000000] \n");
	free(o.text);

	/* An emit error stops the walk and is returned. */
	out_open(&o);
	o.fail_after = 1;
	{
		struct vmcoreinfo vi;

		vmcoreinfo_parse(s.vmcoreinfo, strlen(s.vmcoreinfo), &vi);
		CHECK_EQ_INT(printk_walk(&vi, mem_read, &m, collect, &o, NULL), -ECANCELED);
		vmcoreinfo_done(&vi);
	}
	out_close(&o);
	CHECK_EQ_INT(o.records, 1);
	free(o.text);
	free(m.buf);
}

/* A ring of zeros (memory that was never written, or an excluded page) ends quickly. */
static void test_lockless_zero_ring(void)
{
	struct diag diag = {};
	struct prb_sim s;
	struct out o;
	struct mem m;

	mem_init(&m, 20 << 20);
	sim_init(&s, &m, 17, 10);
	memset(mem_at(&m, s.descs), 0, s.count * 24);
	put64(mem_at(&m, s.rb) + 24, s.count - 1); /* head */
	put64(mem_at(&m, s.rb) + 32, 0);           /* tail */
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, &diag), -EBADMSG);
	CHECK(strstr(diag.msg, "hold no record") != NULL);
	/* ID 0 is the one descriptor an all-zero state matches: reserved, so skipped too. */
	CHECK_EQ_INT(o.records, 0);
	free(o.text);
	free(m.buf);
}

/* ---- printk_log records (3.5 - 5.9), 16-byte headers aligned to 8 as on x86-64 ---- */

#define LOG_HDR 16

static const char records_vmcoreinfo_fmt[] =
	"OSRELEASE=5.4.0-test\n"
	"SYMBOL(log_buf)=%llx\n"
	"SYMBOL(log_buf_len)=%llx\n"
	"SYMBOL(log_first_idx)=%llx\n"
	"SYMBOL(clear_idx)=%llx\n"
	"SYMBOL(log_next_idx)=%llx\n"
	"SIZE(%s)=16\n"
	"OFFSET(%s.ts_nsec)=0\n"
	"OFFSET(%s.len)=8\n"
	"OFFSET(%s.text_len)=10\n"
	"OFFSET(%s.dict_len)=12\n"
	"NUMBER(phys_base)=-2147483648\n";

struct log_sim {
	struct mem *m;
	uint64_t sym_buf, sym_len, sym_first, sym_next, buf;
	uint32_t len, first, next;
	bool empty;
	char vmcoreinfo[1024];
};

static void log_sync(struct log_sim *s)
{
	put32(mem_at(s->m, s->sym_first), s->first);
	put32(mem_at(s->m, s->sym_next), s->next);
}

static void log_init(struct log_sim *s, struct mem *m, uint32_t len, const char *name)
{
	*s = (struct log_sim){ .m = m, .len = len, .empty = true };
	s->sym_buf = mem_alloc(m, 8);
	s->sym_len = mem_alloc(m, 4);
	s->sym_first = mem_alloc(m, 4);
	s->sym_next = mem_alloc(m, 4);
	s->buf = mem_alloc(m, len);
	put64(mem_at(m, s->sym_buf), s->buf);
	put32(mem_at(m, s->sym_len), len);
	log_sync(s);
	snprintf(s->vmcoreinfo, sizeof(s->vmcoreinfo), records_vmcoreinfo_fmt,
		 (unsigned long long)s->sym_buf, (unsigned long long)s->sym_len,
		 (unsigned long long)s->sym_first, (unsigned long long)s->sym_first,
		 (unsigned long long)s->sym_next, name, name, name, name, name);
}

static uint16_t log_len_at(struct log_sim *s, uint32_t idx)
{
	uint16_t v;

	memcpy(&v, mem_at(s->m, s->buf + idx) + 8, 2);
	return v;
}

/* The index after the record at @idx, following a wrap marker. */
static uint32_t log_next_of(struct log_sim *s, uint32_t idx)
{
	if (log_len_at(s, idx) == 0)
		return log_len_at(s, 0);
	return idx + log_len_at(s, idx);
}

static bool log_has_space(struct log_sim *s, uint32_t size)
{
	uint32_t free;

	if (s->next > s->first || s->empty)
		free = MAX(s->len - s->next, s->first);
	else
		free = s->first - s->next;
	/* Room for a wrap marker too. */
	return free >= size + LOG_HDR;
}

static void log_add(struct log_sim *s, uint64_t ts, const char *text, const char *dict)
{
	uint16_t text_len = strlen(text), dict_len = strlen(dict);
	uint32_t size = (LOG_HDR + text_len + dict_len + 7) & ~7U;
	uint8_t *h;

	while (!s->empty && !log_has_space(s, size)) {
		s->first = log_next_of(s, s->first);
		if (s->first == s->next)
			s->empty = true;
	}
	if (s->empty)
		s->first = s->next;
	if (s->next + size + LOG_HDR > s->len) {
		memset(mem_at(s->m, s->buf + s->next), 0, LOG_HDR);
		if (s->first == s->next)
			s->first = 0;
		s->next = 0;
	}
	h = mem_at(s->m, s->buf + s->next);
	memset(h, 0xee, size);
	put64(h, ts);
	put16(h + 8, size);
	put16(h + 10, text_len);
	put16(h + 12, dict_len);
	memcpy(h + LOG_HDR, text, text_len);
	memcpy(h + LOG_HDR + text_len, dict, dict_len);
	s->next += size;
	s->empty = false;
	log_sync(s);
}

static void test_records_basic(void)
{
	const char *names[] = { "printk_log", "log" };

	for (size_t n = 0; n < ARRAY_SIZE(names); n++) {
		enum printk_format f;
		struct vmcoreinfo vi;
		struct log_sim s;
		struct out o;
		struct mem m;

		mem_init(&m, 1 << 16);
		log_init(&s, &m, 4096, names[n]);
		log_add(&s, 0, "Linux version 5.4.0", "");
		/* Dictionaries are not printed (makedumpfile does not either). */
		log_add(&s, 2500000, "usb 1-1: new device", "SUBSYSTEM=usb\0DEVICE=c189:1");
		log_add(&s, 3000000, "two\nlines", "");

		CHECK_EQ_INT(vmcoreinfo_parse(s.vmcoreinfo, strlen(s.vmcoreinfo), &vi), 0);
		CHECK_EQ_INT(printk_detect(&vi, &f), 0);
		CHECK_EQ_INT(f, PRINTK_RECORDS);
		vmcoreinfo_done(&vi);

		CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
		CHECK_EQ_STR(o.text, "[    0.000000] Linux version 5.4.0\n"
				     "[    0.002500] usb 1-1: new device\n"
				     "[    0.003000] two\n"
				     "               lines\n");
		free(o.text);
		free(m.buf);
	}
}

static void test_records_wrap(void)
{
	for (uint32_t len = 256; len <= 1024; len += 200) {
		char *expect = NULL;
		size_t expect_len = 0;
		FILE *ef;
		struct log_sim s;
		struct out o;
		struct mem m;
		char texts[200][48];
		int kept = 0;

		mem_init(&m, 1 << 16);
		log_init(&s, &m, len, "printk_log");
		for (int i = 0; i < 200; i++) {
			size_t l = (i * 5) % 37;

			for (size_t j = 0; j < l; j++)
				texts[i][j] = 'A' + (i + j) % 26;
			texts[i][l] = '\0';
			log_add(&s, (uint64_t)i * 1000000, texts[i], i % 3 ? "" : "K=V");
		}
		/* Whatever survives is a suffix of what was written: count it by walking. */
		for (uint32_t idx = s.first; idx != s.next; idx = log_next_of(&s, idx)) {
			kept++;
			if (kept > 200)
				break;
		}
		ef = open_memstream(&expect, &expect_len);
		for (int i = 200 - kept; i < 200; i++)
			fprintf(ef, "[    0.%03d000] %s\n", i, texts[i]);
		fclose(ef);

		CHECK(kept > 3 && kept < 200); /* the buffer did wrap */
		CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
		CHECK_EQ_STR(o.text, expect);
		free(o.text);
		free(expect);
		free(m.buf);
	}
}

static void test_records_corrupt(void)
{
	struct diag diag;
	struct log_sim s;
	struct out o;
	struct mem m;
	uint8_t *b;

	mem_init(&m, 1 << 16);
	log_init(&s, &m, 256, "printk_log");
	log_add(&s, 1000, "first", "");  /* 0..24 */
	log_add(&s, 2000, "second", ""); /* 24..48 */
	b = mem_at(&m, s.buf);

	/* The next index is never reached and a wrap marker sends the walk back: a loop. */
	put16(b + 48 + 8, 0);
	s.next = 200;
	log_sync(&s);
	diag = (struct diag){};
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, &diag), -EBADMSG);
	CHECK(strstr(diag.msg, "loop") != NULL);
	CHECK_EQ_INT(o.records, 4); /* first, second, and again up to the marker */
	free(o.text);
	s.next = 48;
	log_sync(&s);

	/* Indexes outside the buffer. */
	s.first = 250;
	log_sync(&s);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	s.first = 0;
	log_sync(&s);

	/* Record lengths that do not fit their header and text, or the buffer. */
	put16(b + 8, 8);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put16(b + 8, 24);
	put16(b + 10, 100);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put16(b + 10, 5);
	put16(b + 24 + 8, 60000);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	CHECK_EQ_INT(o.records, 1);
	free(o.text);
	put16(b + 24 + 8, 24);

	/* A marker right where the walk wraps, twice. */
	put16(b + 8, 0);
	s.first = 0;
	s.next = 100;
	log_sync(&s);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	CHECK_EQ_INT(o.records, 0);
	free(o.text);
	put16(b + 8, 24);
	s.next = 48;
	log_sync(&s);

	/* A buffer size the kernel never has. */
	put32(mem_at(&m, s.sym_len), 0x80000001);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put32(mem_at(&m, s.sym_len), 8);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EBADMSG);
	free(o.text);
	put32(mem_at(&m, s.sym_len), 256);

	/* log_buf pointing out of the dump. */
	put64(mem_at(&m, s.sym_buf), 0x1000);
	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), -EFAULT);
	free(o.text);
	put64(mem_at(&m, s.sym_buf), s.buf);

	CHECK_EQ_INT(walk(s.vmcoreinfo, &m, &o, NULL), 0);
	CHECK_EQ_STR(o.text, "[    0.000001] first\n[    0.000002] second\n");
	free(o.text);

	{
		char *vi = replace(s.vmcoreinfo, "SYMBOL(log_next_idx)", "SYMBOL(log_next_idy)");

		diag = (struct diag){};
		CHECK_EQ_INT(walk(vi, &m, &o, &diag), -ENOENT);
		CHECK_EQ_STR(diag.msg, "VMCOREINFO lacks SYMBOL(log_next_idx)");
		free(o.text);
		free(vi);
	}
	free(m.buf);
}

/* ---- character buffer (before 3.5) ---- */

static void test_chars(void)
{
	uint64_t sym_buf, sym_len, sym_end, buf;
	char vi[512];
	struct out o;
	struct mem m;
	enum printk_format f;
	struct vmcoreinfo v;

	mem_init(&m, 1 << 12);
	sym_buf = mem_alloc(&m, 8);
	sym_len = mem_alloc(&m, 4);
	sym_end = mem_alloc(&m, 8);
	buf = mem_alloc(&m, 16);
	put64(mem_at(&m, sym_buf), buf);
	put32(mem_at(&m, sym_len), 16);
	memcpy(mem_at(&m, buf), "klmnop\nabcdefghi", 16);
	snprintf(vi, sizeof(vi),
		 "SYMBOL(log_buf)=%llx\nSYMBOL(log_end)=%llx\nSYMBOL(log_buf_len)=%llx\n"
		 "SYMBOL(logged_chars)=0\n",
		 (unsigned long long)sym_buf, (unsigned long long)sym_end,
		 (unsigned long long)sym_len);
	vmcoreinfo_parse(vi, strlen(vi), &v);
	CHECK_EQ_INT(printk_detect(&v, &f), 0);
	CHECK_EQ_INT(f, PRINTK_CHARS);
	vmcoreinfo_done(&v);

	/* Not wrapped yet: the first log_end bytes. */
	put32(mem_at(&m, sym_end), 7);
	CHECK_EQ_INT(walk(vi, &m, &o, NULL), 0);
	CHECK_EQ_STR(o.text, "klmnop\n");
	free(o.text);
	/* Wrapped: oldest byte at log_end % len. */
	put32(mem_at(&m, sym_end), 16 * 5 + 7);
	CHECK_EQ_INT(walk(vi, &m, &o, NULL), 0);
	CHECK_EQ_STR(o.text, "abcdefghiklmnop\n");
	free(o.text);
	put32(mem_at(&m, sym_len), 0);
	CHECK_EQ_INT(walk(vi, &m, &o, NULL), -EBADMSG);
	free(o.text);
	free(m.buf);
}

static void test_detect(void)
{
	static const struct {
		const char *vi;
		int r;
		enum printk_format f;
	} cases[] = {
		{ "SYMBOL(prb)=ffffffff82000000\nSYMBOL(log_buf)=1\n", 0, PRINTK_LOCKLESS },
		{ "SYMBOL(log_buf)=1\nSYMBOL(log_first_idx)=2\nSYMBOL(log_end)=3\n", 0,
		  PRINTK_RECORDS },
		{ "SYMBOL(log_buf)=1\n", 0, PRINTK_RECORDS },
		{ "SYMBOL(log_buf)=1\nSYMBOL(log_end)=3", 0, PRINTK_CHARS },
		{ "OSRELEASE=6.1\n", -ENOENT, 0 },
		{ "", -ENOENT, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum printk_format f = 99;
		struct vmcoreinfo vi;

		CHECK_EQ_INT(vmcoreinfo_parse(cases[i].vi, strlen(cases[i].vi), &vi), 0);
		CHECK_EQ_INT(printk_detect(&vi, &f), cases[i].r);
		if (cases[i].r == 0)
			CHECK_EQ_INT(f, cases[i].f);
		vmcoreinfo_done(&vi);
	}
	{
		struct diag diag = {};
		struct out o;
		struct mem m;

		mem_init(&m, 64);
		CHECK_EQ_INT(walk("OSRELEASE=6.1\n", &m, &o, &diag), -ENOENT);
		CHECK_EQ_STR(diag.msg, "VMCOREINFO lacks SYMBOL(prb) and SYMBOL(log_buf)");
		free(o.text);
		free(m.buf);
	}
}

int main(void)
{
	test_format();
	test_detect();
	test_lockless_basic();
	test_lockless_states();
	test_lockless_wrap();
	test_lockless_truncated_text();
	test_lockless_corrupt();
	test_lockless_zero_ring();
	test_records_basic();
	test_records_wrap();
	test_records_corrupt();
	test_chars();
	return unit_summary("test-printk");
}
