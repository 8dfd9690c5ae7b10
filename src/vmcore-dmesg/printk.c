// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "printk: "
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "printk.h"

/*
 * Sanity caps. The kernel's own limits are smaller: log_buf_len <= 2^31 (LOG_BUF_LEN_MAX), so
 * at most 2^26 descriptors (one per 32 bytes of text on average); the structs are tens of bytes.
 */
#define STRUCT_MAX 4096
#define LOG_BUF_LEN_MAX (1ULL << 31)
#define DESC_COUNT_BITS_MAX 28
#define DATA_SIZE_BITS_MAX 32
/*
 * Descriptors between tail and head that are not readable records: in a sane dump only those
 * that CPUs were reserving when the machine stopped, at most one per CPU. Far more means the
 * ring is garbage (an all-zero page matches no ID), and walking on would only waste time.
 */
#define SKIPPED_MAX 65536

/* The descriptor state lives in the top two bits of state_var, the ID in the others. */
#define DESC_STATE_SHIFT 62
#define DESC_ID_MASK (~(3ULL << DESC_STATE_SHIFT))
enum desc_state {
	DESC_RESERVED = 0,
	DESC_COMMITTED = 1,
	DESC_FINALIZED = 2,
	DESC_REUSABLE = 3,
};

/* A data block starts with the ID of its descriptor, an unsigned long. */
#define DATA_BLOCK_ID_SIZE 8

const char *printk_format_name(enum printk_format f)
{
	switch (f) {
	case PRINTK_LOCKLESS:
		return "lockless ringbuffer";
	case PRINTK_RECORDS:
		return "printk_log records";
	case PRINTK_CHARS:
		return "character buffer";
	}
	return "unknown";
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Does a @width-byte field at @a + @b lie inside a struct of @size bytes? */
static bool field_fits(uint64_t a, uint64_t b, uint64_t width, uint64_t size)
{
	uint64_t end;

	return !__builtin_add_overflow(a, b, &end) && !__builtin_add_overflow(end, width, &end) &&
	       end <= size;
}

enum entry_kind {
	ENTRY_SYMBOL,
	ENTRY_SIZE,
	ENTRY_OFFSET,
};

struct entry {
	enum entry_kind kind;
	const char *name;
	/* Older kernels' name for the same thing ("log" before 3.11), or NULL. */
	const char *old_name;
	uint64_t *value;
};

static const char *const entry_fmt[] = {
	[ENTRY_SYMBOL] = "SYMBOL(%s)",
	[ENTRY_SIZE] = "SIZE(%s)",
	[ENTRY_OFFSET] = "OFFSET(%s)",
};

static int lookup_one(const struct vmcoreinfo *vi, enum entry_kind kind, const char *name,
		      uint64_t *ret)
{
	switch (kind) {
	case ENTRY_SYMBOL:
		return vmcoreinfo_symbol(vi, name, ret);
	case ENTRY_SIZE:
		return vmcoreinfo_size(vi, name, ret);
	case ENTRY_OFFSET:
		return vmcoreinfo_offset(vi, name, ret);
	}
	return -EINVAL;
}

/* Look every entry up; name the first one missing or malformed. */
static int lookup_all(const struct vmcoreinfo *vi, const struct entry *e, size_t n,
		      struct diag *diag)
{
	for (size_t i = 0; i < n; i++) {
		char key[128];
		int r;

		r = lookup_one(vi, e[i].kind, e[i].name, e[i].value);
		if (r == -ENOENT && e[i].old_name)
			r = lookup_one(vi, e[i].kind, e[i].old_name, e[i].value);
		if (r < 0) {
			snprintf(key, sizeof(key), entry_fmt[e[i].kind], e[i].name);
			if (r == -ENOENT) {
				diag_set(diag, "VMCOREINFO lacks %s", key);
				return r;
			}
			diag_set(diag, "VMCOREINFO has a malformed %s", key);
			return -EINVAL;
		}
	}
	return 0;
}

static int read_mem(printk_read_fn read, void *data, uint64_t addr, void *buf, size_t len,
		    const char *what, struct diag *diag)
{
	int r = read(data, addr, buf, len);

	if (r < 0) {
		diag_set(diag, "cannot read %s at %#llx (%zu bytes): %s", what,
			 (unsigned long long)addr, len,
			 r == -EFAULT ? "not in the dump" : strerror(-r));
		return r;
	}
	return 0;
}

static int read_ptr(printk_read_fn read, void *data, uint64_t addr, uint64_t *ret,
		    const char *what, struct diag *diag)
{
	uint8_t b[8];
	int r;

	r = read_mem(read, data, addr, b, sizeof(b), what, diag);
	if (r < 0)
		return r;
	*ret = get_u64(b);
	return 0;
}

static int read_u32(printk_read_fn read, void *data, uint64_t addr, uint32_t *ret,
		    const char *what, struct diag *diag)
{
	uint8_t b[4];
	int r;

	r = read_mem(read, data, addr, b, sizeof(b), what, diag);
	if (r < 0)
		return r;
	*ret = get_u32(b);
	return 0;
}

/* ---- lockless ringbuffer (5.10+) ---- */

struct prb_layout {
	uint64_t prb;
	uint64_t rb_size, rb_desc_ring, rb_text_ring;
	uint64_t dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	uint64_t desc_size, desc_state_var, desc_text_lpos, lpos_begin, lpos_next;
	uint64_t info_size, info_ts_nsec, info_text_len;
	uint64_t data_size_bits, data_data;
	uint64_t counter;
};

struct prb_state {
	uint64_t descs, infos, data;
	uint64_t desc_count, data_size;
	uint64_t head_id, tail_id;
};

static int prb_layout_get(const struct vmcoreinfo *vi, struct prb_layout *l,
			  struct diag *diag)
{
	const struct entry entries[] = {
		{ ENTRY_SYMBOL, "prb", NULL, &l->prb },
		{ ENTRY_SIZE, "printk_ringbuffer", NULL, &l->rb_size },
		{ ENTRY_OFFSET, "printk_ringbuffer.desc_ring", NULL, &l->rb_desc_ring },
		{ ENTRY_OFFSET, "printk_ringbuffer.text_data_ring", NULL, &l->rb_text_ring },
		{ ENTRY_OFFSET, "prb_desc_ring.count_bits", NULL, &l->dr_count_bits },
		{ ENTRY_OFFSET, "prb_desc_ring.descs", NULL, &l->dr_descs },
		{ ENTRY_OFFSET, "prb_desc_ring.infos", NULL, &l->dr_infos },
		{ ENTRY_OFFSET, "prb_desc_ring.head_id", NULL, &l->dr_head_id },
		{ ENTRY_OFFSET, "prb_desc_ring.tail_id", NULL, &l->dr_tail_id },
		{ ENTRY_SIZE, "prb_desc", NULL, &l->desc_size },
		{ ENTRY_OFFSET, "prb_desc.state_var", NULL, &l->desc_state_var },
		{ ENTRY_OFFSET, "prb_desc.text_blk_lpos", NULL, &l->desc_text_lpos },
		{ ENTRY_OFFSET, "prb_data_blk_lpos.begin", NULL, &l->lpos_begin },
		{ ENTRY_OFFSET, "prb_data_blk_lpos.next", NULL, &l->lpos_next },
		{ ENTRY_SIZE, "printk_info", NULL, &l->info_size },
		{ ENTRY_OFFSET, "printk_info.ts_nsec", NULL, &l->info_ts_nsec },
		{ ENTRY_OFFSET, "printk_info.text_len", NULL, &l->info_text_len },
		{ ENTRY_OFFSET, "prb_data_ring.size_bits", NULL, &l->data_size_bits },
		{ ENTRY_OFFSET, "prb_data_ring.data", NULL, &l->data_data },
		{ ENTRY_OFFSET, "atomic_long_t.counter", NULL, &l->counter },
	};
	int r;

	r = lookup_all(vi, entries, ARRAY_SIZE(entries), diag);
	if (r < 0)
		return r;

	/* Every field we read must lie inside the struct we read it from. */
	if (l->rb_size == 0 || l->rb_size > STRUCT_MAX || l->desc_size == 0 ||
	    l->desc_size > STRUCT_MAX || l->info_size == 0 || l->info_size > STRUCT_MAX ||
	    !field_fits(l->rb_desc_ring, l->dr_count_bits, 4, l->rb_size) ||
	    !field_fits(l->rb_desc_ring, l->dr_descs, 8, l->rb_size) ||
	    !field_fits(l->rb_desc_ring, l->dr_infos, 8, l->rb_size) ||
	    !field_fits(l->rb_desc_ring + l->dr_head_id, l->counter, 8, l->rb_size) ||
	    !field_fits(l->rb_desc_ring + l->dr_tail_id, l->counter, 8, l->rb_size) ||
	    !field_fits(l->rb_text_ring, l->data_size_bits, 4, l->rb_size) ||
	    !field_fits(l->rb_text_ring, l->data_data, 8, l->rb_size) ||
	    !field_fits(l->desc_state_var, l->counter, 8, l->desc_size) ||
	    !field_fits(l->desc_text_lpos, l->lpos_begin, 8, l->desc_size) ||
	    !field_fits(l->desc_text_lpos, l->lpos_next, 8, l->desc_size) ||
	    !field_fits(l->info_ts_nsec, 0, 8, l->info_size) ||
	    !field_fits(l->info_text_len, 0, 2, l->info_size)) {
		diag_set(diag, "VMCOREINFO's printk ringbuffer sizes and offsets do not fit together");
		return -EINVAL;
	}
	return 0;
}

static int prb_state_get(const struct prb_layout *l, printk_read_fn read, void *data,
			 struct prb_state *s, struct diag *diag)
{
	uint8_t rb[STRUCT_MAX];
	const uint8_t *dr, *tr;
	uint32_t count_bits, size_bits;
	uint64_t addr;
	int r;

	r = read_ptr(read, data, l->prb, &addr, "prb", diag);
	if (r < 0)
		return r;
	r = read_mem(read, data, addr, rb, l->rb_size, "struct printk_ringbuffer", diag);
	if (r < 0)
		return r;
	/* The offsets were checked against rb_size when the layout was read. */
	dr = rb + l->rb_desc_ring;
	tr = rb + l->rb_text_ring;

	count_bits = get_u32(dr + l->dr_count_bits);
	size_bits = get_u32(tr + l->data_size_bits);
	if (count_bits > DESC_COUNT_BITS_MAX || size_bits > DATA_SIZE_BITS_MAX) {
		diag_set(diag, "ringbuffer at %#llx is corrupt: count_bits %u, size_bits %u",
			 (unsigned long long)addr, count_bits, size_bits);
		return -EBADMSG;
	}
	*s = (struct prb_state){
		.descs = get_u64(dr + l->dr_descs),
		.infos = get_u64(dr + l->dr_infos),
		.data = get_u64(tr + l->data_data),
		.desc_count = 1ULL << count_bits,
		.data_size = 1ULL << size_bits,
		.head_id = get_u64(dr + l->dr_head_id + l->counter),
		.tail_id = get_u64(dr + l->dr_tail_id + l->counter),
	};
	/* tail..head is what the ring holds: never more than its descriptors. */
	if (((s->head_id - s->tail_id) & DESC_ID_MASK) >= s->desc_count) {
		diag_set(diag, "ringbuffer at %#llx is corrupt: tail_id %#llx, head_id %#llx, "
			 "%llu descriptors", (unsigned long long)addr,
			 (unsigned long long)s->tail_id, (unsigned long long)s->head_id,
			 (unsigned long long)s->desc_count);
		return -EBADMSG;
	}
	log_debug("prb %#llx: %llu descriptors at %#llx, infos at %#llx, %llu text bytes at %#llx, "
		  "tail %#llx head %#llx", (unsigned long long)addr,
		  (unsigned long long)s->desc_count, (unsigned long long)s->descs,
		  (unsigned long long)s->infos, (unsigned long long)s->data_size,
		  (unsigned long long)s->data, (unsigned long long)s->tail_id,
		  (unsigned long long)s->head_id);
	return 0;
}

/*
 * One descriptor. Returns 1 if a record was emitted, 0 if the descriptor holds no readable
 * record (skipped as makedumpfile does), 2 for a committed record without text, or -errno.
 */
static int prb_record(const struct prb_layout *l, const struct prb_state *s, uint64_t id,
		      printk_read_fn read, void *data, printk_emit_fn emit, void *emit_data,
		      char *text, struct diag *diag)
{
	uint8_t desc[STRUCT_MAX], info[STRUCT_MAX];
	uint64_t idx = id & (s->desc_count - 1);
	uint64_t sv, begin, next, avail;
	struct printk_record rec;
	unsigned state;
	size_t len;
	int r;

	/* Indexes are below 2^28 and sizes at most 4096: no overflow in the products. */
	r = read_mem(read, data, s->descs + idx * l->desc_size, desc, l->desc_size,
		     "a printk descriptor", diag);
	if (r < 0)
		return r;
	sv = get_u64(desc + l->desc_state_var + l->counter);
	state = sv >> DESC_STATE_SHIFT;
	if ((sv & DESC_ID_MASK) != id || (state != DESC_COMMITTED && state != DESC_FINALIZED))
		return 0;

	begin = get_u64(desc + l->desc_text_lpos + l->lpos_begin) & (s->data_size - 1);
	next = get_u64(desc + l->desc_text_lpos + l->lpos_next) & (s->data_size - 1);
	/* Data-less records (empty, or text that did not fit) have begin == next. */
	if (begin == next)
		return 2;

	r = read_mem(read, data, s->infos + idx * l->info_size, info, l->info_size,
		     "a printk_info", diag);
	if (r < 0)
		return r;

	/*
	 * A block that would cross the end of the ring is stored at its start instead, and then
	 * begin (in the previous wrap) is past next.
	 */
	if (begin > next)
		begin = 0;
	begin += DATA_BLOCK_ID_SIZE;
	/* The text cannot reach past its block: what a truncated record keeps, and what keeps
	 * a corrupt one inside the ring. */
	avail = next >= begin ? next - begin : 0;
	len = MIN((uint64_t)get_u16(info + l->info_text_len), avail);

	if (len > 0) {
		r = read_mem(read, data, s->data + begin, text, len, "printk text", diag);
		if (r < 0)
			return r;
	}
	rec = (struct printk_record){
		.ts_nsec = get_u64(info + l->info_ts_nsec),
		.text = text,
		.text_len = len,
	};
	r = emit(emit_data, &rec);
	return r < 0 ? r : 1;
}

static int walk_lockless(const struct vmcoreinfo *vi, printk_read_fn read, void *data,
			 printk_emit_fn emit, void *emit_data, struct diag *diag)
{
	_cleanup_free_ char *text = NULL;
	struct prb_layout l;
	struct prb_state s;
	uint64_t n, skipped = 0;
	int r;

	r = prb_layout_get(vi, &l, diag);
	if (r < 0)
		return r;
	r = prb_state_get(&l, read, data, &s, diag);
	if (r < 0)
		return r;
	text = malloc(UINT16_MAX + 1);
	if (!text)
		return -ENOMEM;

	/* From the oldest record to the newest, head included. */
	n = ((s.head_id - s.tail_id) & DESC_ID_MASK) + 1;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t id = (s.tail_id + i) & DESC_ID_MASK;

		r = prb_record(&l, &s, id, read, data, emit, emit_data, text, diag);
		if (r < 0)
			return r;
		if (r == 0 && ++skipped > SKIPPED_MAX) {
			diag_set(diag, "ringbuffer is corrupt: more than %d descriptors between "
				 "tail and head hold no record", SKIPPED_MAX);
			return -EBADMSG;
		}
	}
	return 0;
}

/* ---- printk_log records (3.5 - 5.9) ---- */

static int walk_records(const struct vmcoreinfo *vi, printk_read_fn read, void *data,
			printk_emit_fn emit, void *emit_data, struct diag *diag)
{
	uint64_t sym_buf, sym_len, sym_first, sym_next;
	uint64_t hdr_size, off_ts, off_len, off_text_len;
	const struct entry entries[] = {
		{ ENTRY_SYMBOL, "log_buf", NULL, &sym_buf },
		{ ENTRY_SYMBOL, "log_buf_len", NULL, &sym_len },
		{ ENTRY_SYMBOL, "log_first_idx", NULL, &sym_first },
		{ ENTRY_SYMBOL, "log_next_idx", NULL, &sym_next },
		{ ENTRY_SIZE, "printk_log", "log", &hdr_size },
		{ ENTRY_OFFSET, "printk_log.ts_nsec", "log.ts_nsec", &off_ts },
		{ ENTRY_OFFSET, "printk_log.len", "log.len", &off_len },
		{ ENTRY_OFFSET, "printk_log.text_len", "log.text_len", &off_text_len },
	};
	_cleanup_free_ char *text = NULL;
	uint32_t buf_len, first, next_idx, idx;
	uint8_t hdr[STRUCT_MAX];
	bool wrapped = false;
	uint64_t buf;
	int r;

	r = lookup_all(vi, entries, ARRAY_SIZE(entries), diag);
	if (r < 0)
		return r;
	if (hdr_size == 0 || hdr_size > STRUCT_MAX || !field_fits(off_ts, 0, 8, hdr_size) ||
	    !field_fits(off_len, 0, 2, hdr_size) || !field_fits(off_text_len, 0, 2, hdr_size)) {
		diag_set(diag, "VMCOREINFO's printk_log size and offsets do not fit together");
		return -EINVAL;
	}

	r = read_ptr(read, data, sym_buf, &buf, "log_buf", diag);
	if (r < 0)
		return r;
	r = read_u32(read, data, sym_len, &buf_len, "log_buf_len", diag);
	if (r < 0)
		return r;
	r = read_u32(read, data, sym_first, &first, "log_first_idx", diag);
	if (r < 0)
		return r;
	r = read_u32(read, data, sym_next, &next_idx, "log_next_idx", diag);
	if (r < 0)
		return r;
	log_debug("log_buf %#llx, %u bytes, first %u, next %u", (unsigned long long)buf, buf_len,
		  first, next_idx);
	if (buf_len > LOG_BUF_LEN_MAX || buf_len < hdr_size) {
		diag_set(diag, "log_buf_len %u is out of range", buf_len);
		return -EBADMSG;
	}

	text = malloc(UINT16_MAX + 1);
	if (!text)
		return -ENOMEM;

	/*
	 * Each step moves forward by at least one header inside the buffer, and only one
	 * wrap to its start is allowed: the walk ends within two passes over the buffer.
	 */
	for (idx = first; idx != next_idx;) {
		struct printk_record rec;
		uint16_t len, text_len;

		if (idx > buf_len - hdr_size) {
			diag_set(diag, "log_buf is corrupt: record index %u outside its %u bytes",
				 idx, buf_len);
			return -EBADMSG;
		}
		r = read_mem(read, data, buf + idx, hdr, hdr_size, "a printk_log header", diag);
		if (r < 0)
			return r;
		len = get_u16(hdr + off_len);
		if (len == 0) {
			/* The rest of the buffer is unused: the next record is at its start. */
			if (wrapped) {
				diag_set(diag, "log_buf is corrupt: a loop at index %u", idx);
				return -EBADMSG;
			}
			wrapped = true;
			idx = 0;
			continue;
		}
		text_len = get_u16(hdr + off_text_len);
		if (len < hdr_size || hdr_size + text_len > len || len > buf_len - idx) {
			diag_set(diag, "log_buf is corrupt: record at index %u has length %u, text %u",
				 idx, len, text_len);
			return -EBADMSG;
		}
		if (text_len > 0) {
			r = read_mem(read, data, buf + idx + hdr_size, text, text_len, "printk text",
				     diag);
			if (r < 0)
				return r;
		}
		rec = (struct printk_record){
			.ts_nsec = get_u64(hdr + off_ts),
			.text = text,
			.text_len = text_len,
		};
		r = emit(emit_data, &rec);
		if (r < 0)
			return r;
		idx += len;
	}
	return 0;
}

/* ---- character buffer (before 3.5) ---- */

static int emit_chars(printk_read_fn read, void *data, uint64_t addr, uint64_t len,
		      printk_emit_fn emit, void *emit_data, char *chunk, struct diag *diag)
{
	while (len > 0) {
		struct printk_record rec;
		size_t n = MIN(len, (uint64_t)UINT16_MAX + 1);
		int r;

		r = read_mem(read, data, addr, chunk, n, "log_buf", diag);
		if (r < 0)
			return r;
		rec = (struct printk_record){ .text = chunk, .text_len = n, .raw = true };
		r = emit(emit_data, &rec);
		if (r < 0)
			return r;
		addr += n;
		len -= n;
	}
	return 0;
}

static int walk_chars(const struct vmcoreinfo *vi, printk_read_fn read, void *data,
		      printk_emit_fn emit, void *emit_data, struct diag *diag)
{
	uint64_t sym_buf, sym_len, sym_end, buf, start;
	const struct entry entries[] = {
		{ ENTRY_SYMBOL, "log_buf", NULL, &sym_buf },
		{ ENTRY_SYMBOL, "log_buf_len", NULL, &sym_len },
		{ ENTRY_SYMBOL, "log_end", NULL, &sym_end },
	};
	_cleanup_free_ char *chunk = NULL;
	uint32_t buf_len, end;
	int r;

	r = lookup_all(vi, entries, ARRAY_SIZE(entries), diag);
	if (r < 0)
		return r;
	r = read_ptr(read, data, sym_buf, &buf, "log_buf", diag);
	if (r < 0)
		return r;
	r = read_u32(read, data, sym_len, &buf_len, "log_buf_len", diag);
	if (r < 0)
		return r;
	/* unsigned since 2.6.25, unsigned long before: the low half is the same little-endian. */
	r = read_u32(read, data, sym_end, &end, "log_end", diag);
	if (r < 0)
		return r;
	if (buf_len == 0 || buf_len > LOG_BUF_LEN_MAX) {
		diag_set(diag, "log_buf_len %u is out of range", buf_len);
		return -EBADMSG;
	}
	chunk = malloc(UINT16_MAX + 1);
	if (!chunk)
		return -ENOMEM;

	/* log_end counts every byte ever written: until it passes the size nothing wrapped. */
	if (end < buf_len)
		return emit_chars(read, data, buf, end, emit, emit_data, chunk, diag);
	start = end % buf_len;
	r = emit_chars(read, data, buf + start, buf_len - start, emit, emit_data, chunk, diag);
	if (r < 0)
		return r;
	return emit_chars(read, data, buf, start, emit, emit_data, chunk, diag);
}

int printk_detect(const struct vmcoreinfo *vi, enum printk_format *ret)
{
	uint64_t v;

	if (vmcoreinfo_symbol(vi, "prb", &v) == 0)
		*ret = PRINTK_LOCKLESS;
	else if (vmcoreinfo_symbol(vi, "log_buf", &v) < 0)
		return -ENOENT;
	else if (vmcoreinfo_symbol(vi, "log_end", &v) == 0 &&
		 vmcoreinfo_symbol(vi, "log_first_idx", &v) < 0)
		*ret = PRINTK_CHARS;
	else
		*ret = PRINTK_RECORDS;
	return 0;
}

int printk_walk(const struct vmcoreinfo *vi, printk_read_fn read, void *read_data,
		printk_emit_fn emit, void *emit_data, struct diag *diag)
{
	enum printk_format f;
	int r;

	r = printk_detect(vi, &f);
	if (r < 0) {
		diag_set(diag, "VMCOREINFO lacks SYMBOL(prb) and SYMBOL(log_buf)");
		return r;
	}
	log_debug("log format: %s", printk_format_name(f));
	switch (f) {
	case PRINTK_LOCKLESS:
		return walk_lockless(vi, read, read_data, emit, emit_data, diag);
	case PRINTK_RECORDS:
		return walk_records(vi, read, read_data, emit, emit_data, diag);
	case PRINTK_CHARS:
		return walk_chars(vi, read, read_data, emit, emit_data, diag);
	}
	return -EINVAL;
}

/*
 * What makedumpfile passes through unchanged: isprint() || isspace() in the C locale. Spelled
 * out so that no locale can change the output.
 */
static bool printable(unsigned char c)
{
	return (c >= 0x20 && c <= 0x7e) || (c >= '\t' && c <= '\r');
}

int printk_format_record(FILE *f, const struct printk_record *rec)
{
	int indent;

	if (rec->raw) {
		if (rec->text_len > 0)
			fwrite(rec->text, 1, rec->text_len, f);
		return ferror(f) ? -EIO : 0;
	}
	indent = fprintf(f, "[%5llu.%06llu] ", (unsigned long long)(rec->ts_nsec / 1000000000),
			 (unsigned long long)(rec->ts_nsec % 1000000000 / 1000));
	if (indent < 0)
		return -EIO;
	for (size_t i = 0; i < rec->text_len; i++) {
		unsigned char c = rec->text[i];

		/* Continuation lines start under the text, not under the timestamp. */
		if (c == '\n')
			fprintf(f, "\n%*s", indent, "");
		else if (printable(c))
			putc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	putc('\n', f);
	return ferror(f) ? -EIO : 0;
}
