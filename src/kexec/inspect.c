// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --inspect. Everything about the file comes from the pure parsers (the architecture's
 * formats, pe.c, authenticode.c, decompress.c) run on the file's bytes; everything about the
 * machine from a few sysfs/proc/efivars reads under the root fd. What the kernel's keyrings
 * trust is not knowable from userspace without trying: the report names the signer and says
 * that the kernel decides.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authenticode.h"
#include "decompress.h"
#include "escape.h"
#include "fileio.h"
#include "inspect.h"
#include "json.h"
#include "kexec-state.h"
#include "log.h"
#include "pe.h"
#include "uki.h"

/* Kernel images are tens of MiB; a UKI with its initrd a few hundred. */
#define INSPECT_FILE_MAX (2ULL << 30)
#define INSPECT_MAX_SIGS 8
/* The EFI global variable holding the Secure Boot state: 4 bytes of attributes, 1 of value. */


struct inspect_sig {
	uint16_t revision, type;
	int r; /* authenticode_signer()'s result; -EOPNOTSUPP: not PKCS#7 */
	struct authenticode_signer signer;
	struct diag problem;
};

/* What the file is. Pointers point into the file's mapping or into @decompressed. */
struct report {
	uint64_t file_size;
	const char *file_compression;  /* the whole file is compressed: "gzip"... */
	void *decompressed;            /* owned */
	size_t decompressed_size;
	const uint8_t *image;          /* the image (decompressed if the file was) */
	size_t image_size;

	bool is_pe;              /* a PE file whose headers parse */
	struct pe_file pe;
	struct diag pe_problem;  /* a PE file whose headers do not, in a format that loads anyway */
	bool is_uki;
	unsigned nr_profiles;
	/* A UKI's .linux: the subject of its own signature, the one kexec_file_load checks. */
	char linux_signer[256];

	/* The kernel: the image itself, or a UKI's .linux */
	const char *kernel_from;       /* "file", ".linux" */
	const struct image_ops *ops;   /* NULL: no format of this architecture took it */
	int probe_r;
	struct image_info info;
	/* A container's (EFI zboot) kernel, unwrapped */
	bool has_inner;
	const struct image_ops *inner_ops;
	struct image_info inner_info;

	unsigned nr_sigs;
	struct inspect_sig sigs[INSPECT_MAX_SIGS];
	struct diag sig_problem;       /* a malformed certificate table */
};

struct machine {
	int load_disabled;   /* 1, 0; -1 unknown */
	char lockdown[32];   /* "" unknown (no securityfs, or a kernel without LSM lockdown) */
	bool efi;            /* booted through EFI */
	int secure_boot;     /* 1, 0; -1 unknown */
};

struct verdict {
	bool loadable;       /* by this kexec, on this architecture */
	struct diag why_not; /* when not */
	const char *syscall; /* NULL: none */
	int sig_required;    /* 1, 0; -1 unknown */
	struct diag summary; /* one line */
};

static void report_done(struct report *r)
{
	free(r->decompressed);
}

static void probe_kernel(const struct arch_ops *arch, struct report *r, const uint8_t *buf,
			 size_t len)
{
	r->probe_r = image_probe(arch->formats, buf, len, NULL, &r->ops, &r->info);
	if (r->probe_r < 0)
		r->ops = NULL;
	if (r->ops && r->ops->unwrap) {
		_cleanup_free_ void *inner = NULL;
		size_t inner_len;
		struct diag why = {};

		/* What a container holds, described the same way; only for the description, so
		 * a failure is said, not fatal. */
		if (r->ops->unwrap(buf, len, IMAGE_DECOMPRESS_MAX, &inner, &inner_len, &why) == 0 &&
		    image_probe(arch->formats, inner, inner_len, NULL, &r->inner_ops,
				&r->inner_info) == 0)
			r->has_inner = true;
		else
			log_debug("its contents could not be unwrapped: %s", why.msg);
	}
}

static void read_sigs(struct report *r)
{
	for (unsigned i = 0; r->nr_sigs < INSPECT_MAX_SIGS; i++) {
		struct inspect_sig *s = &r->sigs[r->nr_sigs];
		struct pe_cert c;
		int k = pe_cert_get(&r->pe, r->image, i, &c, &r->sig_problem);

		if (k <= 0)
			break;
		*s = (struct inspect_sig){ .revision = c.revision, .type = c.type };
		if (c.type == PE_WIN_CERT_TYPE_PKCS_SIGNED_DATA)
			s->r = authenticode_signer(c.data, c.len, &s->signer, &s->problem);
		else
			s->r = diag_fail(&s->problem, -EOPNOTSUPP, "certificate type 0x%04x, not "
					 "PKCS#7 SignedData", c.type);
		r->nr_sigs++;
	}
}

/* The signer's subject of PE image @buf (a UKI's .linux); "" when unsigned or unreadable. */
static void linux_signer(const void *buf, size_t len, char *out, size_t size)
{
	_cleanup_free_ struct pe_file *pe = malloc(sizeof(*pe));
	struct authenticode_signer signer;
	struct pe_cert c;

	out[0] = '\0';
	if (pe && pe_is_pe(buf, len) && pe_parse(buf, len, pe, NULL) == 0 &&
	    pe_cert_get(pe, buf, 0, &c, NULL) > 0 && c.type == PE_WIN_CERT_TYPE_PKCS_SIGNED_DATA &&
	    authenticode_signer(c.data, c.len, &signer, NULL) == 0)
		snprintf(out, size, "%s", signer.subject);
}

/*
 * Fill @r from the file's bytes. 0, or -EBADMSG / -ENOEXEC with @why set: a corrupt image, or
 * nothing this kexec knows (neither a kernel format of @arch, nor PE, nor compressed).
 */
static int describe(const struct arch_ops *arch, const uint8_t *buf, size_t len,
		    struct report *r, struct diag *why)
{
	int k;

	r->file_size = len;
	r->image = buf;
	r->image_size = len;
	r->file_compression = image_compression(buf, len);
	if (r->file_compression) {
		k = image_decompress(buf, len, IMAGE_DECOMPRESS_MAX, &r->decompressed,
				     &r->decompressed_size);
		if (k < 0)
			return diag_fail(why, k == -ENOMEM ? k : -EBADMSG, "a %s file that does not "
					 "decompress: %s", r->file_compression, k == -EFBIG ?
					 "more than 512 MiB" : "truncated or corrupt");
		r->image = r->decompressed;
		r->image_size = r->decompressed_size;
	}

	if (pe_is_pe(r->image, r->image_size) &&
	    pe_parse(r->image, r->image_size, &r->pe, &r->pe_problem) == 0) {
		r->is_pe = true;
		r->is_uki = pe_section_index(&r->pe, ".linux", 0) >= 0;
		for (int i = -1; (i = pe_section_index(&r->pe, ".profile", i + 1)) >= 0;)
			r->nr_profiles++;
		read_sigs(r);
	}

	if (r->is_uki) {
		const void *linux_data;
		size_t linux_len;

		pe_section_data(&r->pe, r->image, &r->pe.sections[pe_section_index(&r->pe, ".linux", 0)],
				&linux_data, &linux_len);
		r->kernel_from = ".linux";
		probe_kernel(arch, r, linux_data, linux_len);
		linux_signer(linux_data, linux_len, r->linux_signer, sizeof(r->linux_signer));
	} else {
		r->kernel_from = "file";
		probe_kernel(arch, r, r->image, r->image_size);
	}
	if (r->probe_r == -EBADMSG) {
		*why = r->info.why;
		return -EBADMSG;
	}
	/* The kernel's loaders never look at the PE headers of a kernel they know (the EFI
	 * stub's): broken ones are said, not fatal. Anything else is judged by them. */
	if (r->probe_r < 0 && !diag_empty(&r->pe_problem)) {
		*why = r->pe_problem;
		return -EBADMSG;
	}
	if (r->probe_r == -ENOEXEC && !r->is_pe && r->image_size >= 2 &&
	    memcmp(r->image, "MZ", 2) == 0)
		return diag_fail(why, -EBADMSG, "truncated or corrupt: an 'MZ' header, but no "
				 "PE/COFF header where it points");
	if (r->probe_r == -ENOEXEC && !r->is_pe)
		return diag_fail(why, -ENOEXEC, "not a kernel image: no %s header, no PE/COFF "
				 "header%s", arch->name, r->file_compression ? " inside the "
				 "compressed data" : ", not compressed");
	return 0;
}

/* --- the machine ---------------------------------------------------------------------- */

static void read_machine(const struct arch_ops *arch, int rootfd, struct machine *m)
{
	int k;

	*m = (struct machine){ .load_disabled = -1, .secure_boot = -1 };
	k = kexec_state_load_disabled(rootfd);
	if (k >= 0)
		m->load_disabled = k;
	if (kexec_state_lockdown(rootfd, m->lockdown, sizeof(m->lockdown)) < 0)
		m->lockdown[0] = '\0';
	m->efi = faccessat(rootfd, "sys/firmware/efi", F_OK, 0) == 0;
	/* As --check reads it: the EFI variables (SetupMode counted), else the architecture's
	 * copy (x86: boot_params.secure_boot) when efivarfs is not mounted; else unknown. */
	k = kexec_state_secure_boot(rootfd);
	if (k < 0 && arch->secure_boot)
		k = arch->secure_boot(rootfd);
	m->secure_boot = k < 0 ? -1 : k;
}

static const char *signer_of(const struct report *r)
{
	for (unsigned i = 0; i < r->nr_sigs; i++)
		if (r->sigs[i].r == 0 && r->sigs[i].signer.subject[0])
			return r->sigs[i].signer.subject;
	return NULL;
}

static void decide(const struct arch_ops *arch, const struct report *r, const struct machine *m,
		   struct verdict *v)
{
	bool locked = m->lockdown[0] && strcmp(m->lockdown, "none") != 0;
	/* A UKI is loaded by its parts: kexec_file_load sees, and verifies, only its .linux. */
	const char *signer = r->is_uki ? (r->linux_signer[0] ? r->linux_signer : NULL) :
					 signer_of(r);

	*v = (struct verdict){ .sig_required = m->lockdown[0] ? locked : -1 };
	if (r->is_uki && r->probe_r < 0)
		diag_set(&v->why_not, "a Unified Kernel Image whose .linux section holds no kernel "
			 "this kexec loads on %s", arch->name);
	else if (r->probe_r == -ENOEXEC)
		diag_set(&v->why_not, "in no kernel format this kexec loads on %s", arch->name);
	else if (r->probe_r < 0)
		v->why_not = r->info.why;
	else
		v->loadable = true;

	if (!v->loadable) {
		diag_set(&v->summary, "no: %s", v->why_not.msg);
		return;
	}
	/* Formats with a load op take either syscall; containers and ELF-only formats too
	 * (unwrapped in memory). Lockdown forbids kexec_load (kernel/kexec.c). */
	v->syscall = locked || !r->ops->load ? "kexec_file_load" :
					      "kexec_file_load, else kexec_load";
	if (m->load_disabled == 1) {
		v->syscall = NULL;
		diag_set(&v->summary, "no: kexec is disabled until reboot "
			 "(kernel.kexec_load_disabled=1)");
	} else if (locked && !signer) {
		diag_set(&v->summary, "no: %s not signed, and lockdown (%s) lets only signed "
			 "kernels in", r->is_uki ? "its .linux is" : "it is", m->lockdown);
	} else if (locked) {
		diag_set(&v->summary, "only if the kernel trusts the key of '%s' (lockdown: %s; "
			 "its keyrings decide)", signer, m->lockdown);
	} else if (m->lockdown[0]) {
		diag_set(&v->summary, "yes: no lockdown, no signature needed");
	} else {
		diag_set(&v->summary, "yes, unless the kernel is locked down (lockdown state "
			 "unknown: securityfs not readable)");
	}
}

/* --- text helpers ---------------------------------------------------------------------- */

/* A section's bytes as one line of text: up to the first NUL, newlines shown as "; ",
 * trailing whitespace dropped, at most @size - 1 bytes. */
static void section_text(const struct report *r, int idx, char *out, size_t size)
{
	const void *d;
	size_t n, o = 0;

	out[0] = '\0';
	if (idx < 0)
		return;
	pe_section_data(&r->pe, r->image, &r->pe.sections[idx], &d, &n);
	for (size_t i = 0; i < n && o + 3 < size; i++) {
		char c = ((const char *)d)[i];

		if (c == '\0')
			break;
		if (c == '\n') {
			if (o && out[o - 1] != ' ') {
				out[o++] = ';';
				out[o++] = ' ';
			}
			continue;
		}
		out[o++] = c;
	}
	while (o && (out[o - 1] == ' ' || out[o - 1] == ';' || out[o - 1] == '\r' ||
		     out[o - 1] == '\t'))
		o--;
	out[o] = '\0';
}

/* KEY=value out of an os-release text (.osrel), quotes removed; "" if absent. */
static void osrel_value(const struct report *r, int idx, const char *key, char *out, size_t size)
{
	struct uki_part osrel = {};

	if (idx >= 0)
		pe_section_data(&r->pe, r->image, &r->pe.sections[idx], &osrel.data, &osrel.len);
	uki_osrel_value(&osrel, key, out, size);
}

/* The profile a section belongs to: -1 before the first .profile (shared by all), else the
 * number of the .profile it follows (multi-profile UKIs, systemd 257). */
static int section_profile(const struct report *r, unsigned idx)
{
	int p = -1;

	for (unsigned i = 0; i <= idx; i++)
		if (strcmp(r->pe.sections[i].name, ".profile") == 0)
			p++;
	return p;
}

static const char *protocol_text(uint16_t p, char buf[16])
{
	snprintf(buf, 16, "%u.%02u", p >> 8, p & 0xff);
	return buf;
}

/* "UKI", the format that took the kernel (or recognised it and refused it: a 32-bit bzImage),
 * else "PE/COFF". */
static const char *format_name(const struct report *r)
{
	if (r->is_uki)
		return "UKI";
	if (r->ops)
		return r->ops->name;
	if (r->probe_r == -EOPNOTSUPP && r->info.type)
		return r->info.type;
	return "PE/COFF";
}

/* --- JSON ------------------------------------------------------------------------------ */

static void json_uint_or_null(struct json_writer *w, const char *key, uint64_t v)
{
	if (v)
		json_uint(w, key, v);
	else
		json_null(w, key);
}

static void json_kernel(struct json_writer *w, const char *key, const struct image_ops *ops,
			const struct image_info *info)
{
	char proto[16];

	json_begin_object(w, key);
	json_string(w, "format", ops->name);
	json_string(w, "version", info->version[0] ? info->version : NULL);
	json_string(w, "boot_protocol", info->protocol ? protocol_text(info->protocol, proto) : NULL);
	json_string(w, "compression", info->compression);
	json_uint_or_null(w, "entry_offset", info->entry_offset);
	json_uint_or_null(w, "preferred_address", info->pref_address);
	json_uint_or_null(w, "alignment", info->alignment);
	json_uint_or_null(w, "load_offset", info->load_offset);
	json_uint_or_null(w, "memory_size", info->mem_size);
	json_bool(w, "relocatable", info->relocatable);
	json_uint_or_null(w, "cmdline_max", info->cmdline_max);
	json_end_object(w);
}

static void json_pe(struct json_writer *w, const struct report *r)
{
	const struct pe_file *pe = &r->pe;

	json_begin_object(w, "pe");
	json_string(w, "format", pe->opt_magic == PE_OPT_MAGIC_PE32PLUS ? "PE32+" : "PE32");
	json_uint(w, "machine_code", pe->machine);
	json_string(w, "machine", pe_machine_name(pe->machine));
	json_uint(w, "subsystem", pe->subsystem);
	json_uint(w, "entry_rva", pe->entry);
	json_uint(w, "image_base", pe->image_base);
	json_uint(w, "size_of_image", pe->size_of_image);
	json_uint(w, "section_alignment", pe->section_alignment);
	json_uint(w, "file_alignment", pe->file_alignment);
	json_begin_array(w, "sections");
	for (unsigned i = 0; i < pe->nr_sections; i++) {
		const struct pe_section *s = &pe->sections[i];
		int p = section_profile(r, i);

		json_begin_object(w, NULL);
		json_string(w, "name", s->name);
		json_uint(w, "rva", s->vaddr);
		json_uint(w, "virtual_size", s->vsize);
		json_uint(w, "file_offset", s->raw_off);
		json_uint(w, "file_size", s->raw_size);
		if (r->is_uki && p >= 0)
			json_uint(w, "profile", (uint64_t)p);
		else
			json_null(w, "profile");
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

static void json_uki(struct json_writer *w, const struct report *r)
{
	char text[1024];
	int profile = -1;

	json_begin_object(w, "uki");
	section_text(r, pe_section_index(&r->pe, ".uname", 0), text, sizeof(text));
	json_string(w, "uname", text[0] ? text : NULL);
	osrel_value(r, pe_section_index(&r->pe, ".osrel", 0), "PRETTY_NAME", text, sizeof(text));
	json_string(w, "os_release", text[0] ? text : NULL);
	section_text(r, pe_section_index(&r->pe, ".cmdline", 0), text, sizeof(text));
	json_string(w, "cmdline", pe_section_index(&r->pe, ".cmdline", 0) >= 0 ? text : NULL);
	json_begin_array(w, "profiles");
	for (int i = -1; (i = pe_section_index(&r->pe, ".profile", i + 1)) >= 0;) {
		profile++;
		json_begin_object(w, NULL);
		json_uint(w, "index", (uint64_t)profile);
		section_text(r, i, text, sizeof(text));
		json_string(w, "profile", text);
		json_begin_array(w, "sections");
		for (unsigned j = (unsigned)i + 1; j < r->pe.nr_sections &&
		     strcmp(r->pe.sections[j].name, ".profile") != 0; j++)
			json_string(w, NULL, r->pe.sections[j].name);
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

static void json_report(FILE *out, const char *path, const struct report *r,
			const struct machine *m, const struct verdict *v, const struct arch_ops *arch)
{
	struct json_writer w = json_writer_init(out);

	json_begin_object(&w, NULL);
	json_begin_object(&w, "file");
	json_string(&w, "path", path);
	json_uint(&w, "size", r->file_size);
	json_string(&w, "compression", r->file_compression);
	json_end_object(&w);
	json_string(&w, "format", format_name(r));
	if (r->ops) {
		json_kernel(&w, "kernel", r->ops, &r->info);
	} else {
		json_null(&w, "kernel");
	}
	if (r->has_inner)
		json_kernel(&w, "contains", r->inner_ops, &r->inner_info);
	else
		json_null(&w, "contains");
	if (r->is_pe)
		json_pe(&w, r);
	else
		json_null(&w, "pe");
	json_string(&w, "pe_problem", diag_empty(&r->pe_problem) ? NULL : r->pe_problem.msg);
	if (r->is_uki)
		json_uki(&w, r);
	else
		json_null(&w, "uki");

	json_begin_object(&w, "signature");
	json_bool(&w, "signed", signer_of(r) != NULL);
	json_string(&w, "problem", diag_empty(&r->sig_problem) ? NULL : r->sig_problem.msg);
	json_begin_array(&w, "signatures");
	for (unsigned i = 0; i < r->nr_sigs; i++) {
		const struct inspect_sig *s = &r->sigs[i];

		json_begin_object(&w, NULL);
		json_uint(&w, "type", s->type);
		json_string(&w, "digest", s->r == 0 ? s->signer.digest : NULL);
		json_string(&w, "subject", s->r == 0 ? s->signer.subject : NULL);
		json_string(&w, "issuer", s->signer.issuer[0] ? s->signer.issuer : NULL);
		json_uint(&w, "certificates", s->signer.nr_certs);
		json_string(&w, "problem", diag_empty(&s->problem) ? NULL : s->problem.msg);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);

	json_begin_object(&w, "machine");
	json_string(&w, "arch", arch->name);
	if (m->load_disabled >= 0)
		json_bool(&w, "kexec_load_disabled", m->load_disabled);
	else
		json_null(&w, "kexec_load_disabled");
	json_string(&w, "lockdown", m->lockdown[0] ? m->lockdown : NULL);
	json_bool(&w, "efi", m->efi);
	if (m->secure_boot >= 0)
		json_bool(&w, "secure_boot", m->secure_boot);
	else
		json_null(&w, "secure_boot");
	json_end_object(&w);

	json_begin_object(&w, "verdict");
	json_bool(&w, "loadable", v->loadable);
	json_string(&w, "not_loadable_reason", v->loadable ? NULL : v->why_not.msg);
	json_string(&w, "syscall", v->syscall);
	if (v->sig_required >= 0)
		json_bool(&w, "signature_required", v->sig_required);
	else
		json_null(&w, "signature_required");
	json_string(&w, "summary", v->summary.msg);
	json_end_object(&w);
	json_end_object(&w);
}

/* --- words ----------------------------------------------------------------------------- */

#define LABEL_WIDTH 18

_printf_(3, 4) static void row(FILE *f, const char *label, const char *fmt, ...)
{
	_cleanup_free_ char *text = NULL, *safe = NULL;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (k < 0 || cescape(text, ESCAPE_DISPLAY, &safe) < 0) {
		text = NULL;
		fprintf(f, "%-*s(out of memory)\n", LABEL_WIDTH, label);
		return;
	}
	fprintf(f, "%-*s%s\n", LABEL_WIDTH, label, safe);
}

static void text_kernel(FILE *f, const char *indent, const struct image_ops *ops,
			const struct image_info *info)
{
	char proto[16], label[32];

#define LBL(s) (snprintf(label, sizeof(label), "%s%s", indent, s), label)
	if (info->protocol)
		row(f, LBL("format:"), "%s, boot protocol %s", ops->name,
		    protocol_text(info->protocol, proto));
	else
		row(f, LBL("format:"), "%s", ops->name);
	if (info->version[0])
		row(f, LBL("version:"), "%s", info->version);
	if (info->compression)
		row(f, LBL("compression:"), "%s", info->compression);
	if (info->entry_offset)
		row(f, LBL("entry:"), "0x%llx past the load address",
		    (unsigned long long)info->entry_offset);
	if (info->pref_address)
		row(f, LBL("placement:"), "preferred address 0x%llx, aligned to %llu KiB, %s",
		    (unsigned long long)info->pref_address,
		    (unsigned long long)info->alignment >> 10,
		    info->relocatable ? "relocatable" : "not relocatable");
	else if (info->alignment)
		row(f, LBL("placement:"), "0x%llx above a base aligned to %llu KiB",
		    (unsigned long long)info->load_offset,
		    (unsigned long long)info->alignment >> 10);
	if (info->mem_size)
		row(f, LBL("memory:"), "%.1f MiB (%llu bytes) once running",
		    (double)info->mem_size / (1 << 20), (unsigned long long)info->mem_size);
	if (info->cmdline_max)
		row(f, LBL("command line:"), "up to %u bytes", info->cmdline_max);
#undef LBL
}

static void text_report(FILE *f, const char *path, const struct report *r,
			const struct machine *m, const struct verdict *v, const struct arch_ops *arch)
{
	char text[1024];

	row(f, "file:", "%s, %llu bytes%s%s", path, (unsigned long long)r->file_size,
	    r->file_compression ? ", compressed with " : "",
	    r->file_compression ? r->file_compression : "");
	if (r->is_uki) {
		if (r->nr_profiles)
			row(f, "format:", "Unified Kernel Image, %u profile%s", r->nr_profiles,
			    r->nr_profiles == 1 ? "" : "s");
		else
			row(f, "format:", "Unified Kernel Image");
		section_text(r, pe_section_index(&r->pe, ".uname", 0), text, sizeof(text));
		if (text[0])
			row(f, "uname:", "%s", text);
		osrel_value(r, pe_section_index(&r->pe, ".osrel", 0), "PRETTY_NAME", text,
			    sizeof(text));
		if (text[0])
			row(f, "os-release:", "%s", text);
		if (pe_section_index(&r->pe, ".cmdline", 0) >= 0) {
			section_text(r, pe_section_index(&r->pe, ".cmdline", 0), text, sizeof(text));
			row(f, "cmdline:", "%s", text);
		}
	}
	if (r->ops) {
		if (r->is_uki)
			row(f, "kernel:", "in its .linux section");
		text_kernel(f, r->is_uki ? "  " : "", r->ops, &r->info);
	} else if (!r->is_uki && r->probe_r == -EOPNOTSUPP) {
		row(f, "format:", "%s, which this kexec cannot start: %s", format_name(r),
		    r->info.why.msg);
	} else if (!r->is_uki) {
		row(f, "format:", "PE/COFF, in no kernel format this kexec loads on %s", arch->name);
	}
	if (r->has_inner) {
		row(f, "contains:", "a kernel, decompressed here to describe it");
		text_kernel(f, "  ", r->inner_ops, &r->inner_info);
	}
	if (r->is_pe) {
		const struct pe_file *pe = &r->pe;
		const char *mn = pe_machine_name(pe->machine);

		row(f, "PE/COFF:", "%s, machine %s (0x%04x), subsystem %u, entry RVA 0x%x, %u "
		    "sections", pe->opt_magic == PE_OPT_MAGIC_PE32PLUS ? "PE32+" : "PE32",
		    mn ? mn : "unknown", pe->machine, pe->subsystem, pe->entry, pe->nr_sections);
		for (unsigned i = 0; i < pe->nr_sections; i++) {
			const struct pe_section *s = &pe->sections[i];
			int p = r->is_uki ? section_profile(r, i) : -1;
			char prof[24] = "";

			if (p >= 0)
				snprintf(prof, sizeof(prof), ", profile %d", p);
			row(f, "  section:", "%-9s %10u bytes at file offset 0x%x, RVA 0x%x%s",
			    s->name, s->vsize ? MIN(s->vsize, s->raw_size) : s->raw_size,
			    s->raw_off, s->vaddr, prof);
			if (strcmp(s->name, ".profile") == 0) {
				section_text(r, (int)i, text, sizeof(text));
				row(f, "    profile:", "%s", text);
			}
		}
	}
	if (!diag_empty(&r->pe_problem))
		row(f, "PE/COFF:", "%s (the kernel's loader does not read it)", r->pe_problem.msg);
	if (!r->is_pe)
		row(f, "signature:", "none (no PE headers: no place for one)");
	else if (r->nr_sigs == 0 && diag_empty(&r->sig_problem))
		row(f, "signature:", "none");
	for (unsigned i = 0; i < r->nr_sigs; i++) {
		const struct inspect_sig *s = &r->sigs[i];

		if (s->r == 0)
			row(f, "signature:", "Authenticode%s%s, signed by %s (issuer %s)",
			    s->signer.digest ? " " : "", s->signer.digest ? s->signer.digest : "",
			    s->signer.subject, s->signer.issuer[0] ? s->signer.issuer : "unknown");
		else
			row(f, "signature:", "unreadable: %s", s->problem.msg);
	}
	if (!diag_empty(&r->sig_problem))
		row(f, "signature:", "%s", r->sig_problem.msg);

	row(f, "this machine:", "%s", arch->name);
	row(f, "  kexec:", "%s", m->load_disabled == 1 ? "disabled until reboot "
	    "(kernel.kexec_load_disabled=1)" : m->load_disabled == 0 ? "enabled" : "unknown");
	row(f, "  lockdown:", "%s", m->lockdown[0] ? m->lockdown : "unknown");
	row(f, "  Secure Boot:", "%s", !m->efi ? "no (not booted through EFI)" :
	    m->secure_boot == 1 ? "on" : m->secure_boot == 0 ? "off" : "unknown");
	row(f, "  syscall:", "%s", v->syscall ? v->syscall : "none");
	row(f, "  signature:", "%s", v->sig_required == 1 ? "required" :
	    v->sig_required == 0 ? "not required" : "unknown");
	row(f, "  accepted:", "%s", v->summary.msg);
}

enum kexec_exit kexec_inspect(const struct arch_ops *arch, const char *path, bool json,
			      int rootfd, FILE *out)
{
	struct input_file file = INPUT_FILE_INIT;
	_cleanup_free_ struct report *r = NULL;
	struct machine m;
	struct verdict v;
	struct diag why = {};
	int k;

	k = input_file_open(path, INSPECT_FILE_MAX, &file);
	if (k < 0) {
		log_error_errno(k, "cannot read '%s': %m", path);
		return KEXEC_EXIT_FILE;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		input_file_done(&file);
		log_error("out of memory");
		return KEXEC_EXIT_RESOURCES;
	}
	k = file.size ? describe(arch, file.map, file.size, r, &why) :
			diag_fail(&why, -ENOEXEC, "an empty file");
	if (k < 0) {
		report_done(r);
		input_file_done(&file);
		if (k == -ENOMEM) {
			log_error("out of memory reading '%s'", path);
			return KEXEC_EXIT_RESOURCES;
		}
		log_error("'%s' is %s%s", path, k == -EBADMSG ? "a damaged kernel image: " : "",
			  why.msg);
		return KEXEC_EXIT_BAD_IMAGE;
	}
	read_machine(arch, rootfd, &m);
	decide(arch, r, &m, &v);
	if (json)
		json_report(out, path, r, &m, &v, arch);
	else
		text_report(out, path, r, &m, &v, arch);
	report_done(r);
	input_file_done(&file);
	if (fflush(out) != 0 || ferror(out)) {
		log_error_errno(negative_errno(), "cannot write the report: %m");
		return KEXEC_EXIT_FAILED;
	}
	return KEXEC_EXIT_OK;
}
