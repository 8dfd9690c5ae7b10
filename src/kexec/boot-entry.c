// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CLI side of boot entries (src/bootentry): one line per failure with exit 15, a listing,
 * and the load, which turns the entry into the same struct kexec_args a kernel path, --initrd
 * and --extra-initrd would have given, so that it takes the one load path there is.
 */
#include <assert.h>
#include <string.h>

#include "boot-entry.h"
#include "entries.h"
#include "json.h"
#include "load.h"
#include "log.h"

/* An entry's initrds become --initrd plus --extra-initrd: they must fit. */
static_assert(BOOT_ENTRY_MAX_INITRDS <= 1 + KEXEC_MAX_EXTRA_INITRDS, "initrds fit kexec_args");

static enum kexec_exit config_error(int r, const struct diag *err)
{
	if (r == -ENOMEM) {
		log_error("out of memory while reading the boot configuration");
		return KEXEC_EXIT_RESOURCES;
	}
	log_error("%s", diag_empty(err) ? strerror(-r) : err->msg);
	return KEXEC_EXIT_BOOT_ENTRY;
}

static void print_entry_text(int rootfd, const struct boot_entries *l, size_t i, FILE *f)
{
	const struct boot_entry *e = &l->v[i];
	struct boot_files files = {};
	struct diag err;

	fprintf(f, "%c%c %-6s %s%s\n", (long)i == l->default_idx ? '*' : ' ',
		(long)i == l->oneshot_idx ? '!' : ' ',
		e->menu_path ? e->menu_path : boot_source_name(e->source), e->title,
		e->submenu ? " (submenu)" : "");
	if (e->id)
		fprintf(f, "           id: %s\n", e->id);
	if (e->origin)
		fprintf(f, "           in: %s\n", e->origin);
	if (e->unusable) {
		fprintf(f, "           unusable: %s\n", e->unusable);
		return;
	}
	if (e->submenu)
		return;
	if (boot_entry_resolve(rootfd, e, &files, &err) < 0) {
		fprintf(f, "           kernel: %s (%s)\n", e->kernel, err.msg);
	} else {
		fprintf(f, "           kernel: %s\n", files.kernel);
		for (size_t k = 0; k < files.nr_initrds; k++)
			fprintf(f, "           initrd: %s\n", files.initrds[k]);
	}
	fprintf(f, "           options: %s\n", e->options ? e->options : "");
	boot_files_done(&files);
}

static void print_list_text(int rootfd, const struct boot_config *cfg, FILE *f)
{
	const struct boot_entries *lists[] = { &cfg->grub, &cfg->bls };
	const char *names[] = { "GRUB", "Boot Loader Specification" };
	const bool has[] = { cfg->has_grub, cfg->has_bls };

	fprintf(f, "boot loader: %s (%s)\n", cfg->loader == BOOT_SOURCE_GRUB ? "GRUB" :
		"Boot Loader Specification", cfg->why_loader);
	if (cfg->grub_error[0])
		fprintf(f, "GRUB: refused: %s\n", cfg->grub_error);
	for (size_t s = 0; s < 2; s++) {
		const struct boot_entries *l = lists[s];

		if (!has[s])
			continue;
		fprintf(f, "\n%s (%s):\n", names[s], l->source_file);
		if (l->default_idx >= 0)
			fprintf(f, "  default: %s: %s\n", l->v[l->default_idx].title, l->why_default);
		else
			fprintf(f, "  default: none: %s\n", l->why_default);
		if (l->oneshot_idx >= 0)
			fprintf(f, "  one-shot: %s: %s\n", l->v[l->oneshot_idx].title, l->why_oneshot);
		else if (l->why_oneshot[0])
			fprintf(f, "  one-shot: none: %s\n", l->why_oneshot);
		for (size_t i = 0; i < l->n; i++)
			print_entry_text(rootfd, l, i, f);
	}
}

static void json_entry(struct json_writer *w, int rootfd, const struct boot_entries *l, size_t i)
{
	const struct boot_entry *e = &l->v[i];
	struct boot_files files = {};
	struct diag err;
	bool resolved = false;

	json_begin_object(w, NULL);
	json_string(w, "type", boot_source_name(e->source));
	json_string(w, "id", e->id);
	json_string(w, "title", e->title);
	json_string(w, "menu_path", e->menu_path);
	json_bool(w, "submenu", e->submenu);
	json_bool(w, "default", (long)i == l->default_idx);
	json_bool(w, "oneshot", (long)i == l->oneshot_idx);
	json_string(w, "origin", e->origin);
	json_string(w, "unusable", e->unusable);
	json_string(w, "kernel", e->kernel);
	json_begin_array(w, "initrds");
	for (size_t k = 0; k < e->nr_initrds; k++)
		json_string(w, NULL, e->initrds[k]);
	json_end_array(w);
	json_string(w, "options", e->options);
	if (e->source == BOOT_SOURCE_GRUB)
		json_string(w, "root_uuid", e->root_uuid);
	if (e->source == BOOT_SOURCE_BLS) {
		json_string(w, "version", e->version);
		json_string(w, "sort_key", e->sort_key);
		json_string(w, "machine_id", e->machine_id);
		if (e->tries_left >= 0)
			json_int(w, "tries_left", e->tries_left);
	}
	if (!e->unusable && !e->submenu && e->kernel)
		resolved = boot_entry_resolve(rootfd, e, &files, &err) >= 0;
	json_string(w, "kernel_file", resolved ? files.kernel : NULL);
	json_begin_array(w, "initrd_files");
	for (size_t k = 0; resolved && k < files.nr_initrds; k++)
		json_string(w, NULL, files.initrds[k]);
	json_end_array(w);
	json_end_object(w);
	boot_files_done(&files);
}

static void print_list_json(int rootfd, const struct boot_config *cfg, FILE *f)
{
	struct json_writer w = json_writer_init(f);
	const struct boot_entries *lists[] = { &cfg->grub, &cfg->bls };
	const bool has[] = { cfg->has_grub, cfg->has_bls };
	const char *types[] = { "grub", "bls" };

	json_begin_object(&w, NULL);
	json_string(&w, "loader", cfg->loader == BOOT_SOURCE_GRUB ? "grub" : "bls");
	json_string(&w, "loader_why", cfg->why_loader);
	json_string(&w, "grub_error", cfg->grub_error[0] ? cfg->grub_error : NULL);
	json_begin_array(&w, "sources");
	for (size_t s = 0; s < 2; s++) {
		const struct boot_entries *l = lists[s];

		if (!has[s])
			continue;
		json_begin_object(&w, NULL);
		json_string(&w, "type", types[s]);
		json_string(&w, "where", l->source_file);
		if (l->default_idx >= 0)
			json_uint(&w, "default", (uint64_t)l->default_idx);
		else
			json_null(&w, "default");
		json_string(&w, "default_why", l->why_default);
		if (l->oneshot_idx >= 0)
			json_uint(&w, "oneshot", (uint64_t)l->oneshot_idx);
		else
			json_null(&w, "oneshot");
		json_string(&w, "oneshot_why", l->why_oneshot[0] ? l->why_oneshot : NULL);
		json_begin_array(&w, "entries");
		for (size_t i = 0; i < l->n; i++)
			json_entry(&w, rootfd, l, i);
		json_end_array(&w);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	fputc('\n', f);
}

/* One entry for scripts (dist/kexec-load): a value never holds a newline (GRUB words and
 * BLS lines cannot), so "KEY VALUE" lines are unambiguous. */
static enum kexec_exit print_one(int rootfd, const struct boot_config *cfg, const char *spec,
				 FILE *f)
{
	struct boot_entry file_entry = {};
	const struct boot_entry *e;
	struct boot_files files = {};
	struct diag err;
	enum kexec_exit ex = KEXEC_EXIT_OK;
	int r;

	r = boot_config_select(rootfd, cfg, spec, &file_entry, &e, &err);
	if (r >= 0)
		r = boot_entry_resolve(rootfd, e, &files, &err);
	if (r >= 0) {
		bool nl = strchr(e->title, '\n') || strchr(files.kernel, '\n') ||
			  (e->options && strchr(e->options, '\n'));

		for (size_t i = 0; i < files.nr_initrds; i++)
			nl |= strchr(files.initrds[i], '\n') != NULL;
		if (nl)
			r = diag_fail(&err, -EBADMSG, "boot entry '%s' has a newline in its title, "
				      "files or options; it cannot be printed one value a line", spec);
	}
	if (r < 0) {
		ex = config_error(r, &err);
	} else {
		fprintf(f, "title %s\nsource %s %s\nkernel %s\n", e->title,
			boot_source_name(e->source), e->origin ? e->origin : "", files.kernel);
		for (size_t i = 0; i < files.nr_initrds; i++)
			fprintf(f, "initrd %s\n", files.initrds[i]);
		fprintf(f, "options %s\n", e->options ? e->options : "");
	}
	boot_files_done(&files);
	boot_entry_done(&file_entry);
	return ex;
}

enum kexec_exit kexec_list_boot_entries(int rootfd, bool json, const char *spec, FILE *f)
{
	struct boot_config cfg;
	struct diag err;
	enum kexec_exit ex;
	int r;

	r = boot_config_load(rootfd, &cfg, &err);
	if (r < 0)
		return config_error(r, &err);
	if (spec) {
		ex = print_one(rootfd, &cfg, spec, f);
		boot_config_done(&cfg);
		return ex == KEXEC_EXIT_OK && fflush(f) != 0 ? KEXEC_EXIT_FAILED : ex;
	}
	if (json)
		print_list_json(rootfd, &cfg, f);
	else
		print_list_text(rootfd, &cfg, f);
	boot_config_done(&cfg);
	return fflush(f) == 0 ? KEXEC_EXIT_OK : KEXEC_EXIT_FAILED;
}

enum kexec_exit kexec_load_boot_entry(const struct arch_ops *arch, const struct kexec_args *a,
				      int rootfd)
{
	struct boot_config cfg;
	struct boot_entry file_entry = {};
	const struct boot_entry *e;
	struct boot_files files = {};
	struct kexec_args b = *a;
	_cleanup_free_ char *cmdline = NULL;
	struct diag err;
	enum kexec_exit ex;
	int r;

	r = boot_config_load(rootfd, &cfg, &err);
	if (r < 0)
		return config_error(r, &err);
	r = boot_config_select(rootfd, &cfg, a->boot_entry, &file_entry, &e, &err);
	if (r >= 0)
		r = boot_entry_resolve(rootfd, e, &files, &err);
	if (r < 0) {
		ex = config_error(r, &err);
		goto out;
	}
	log_debug("boot entry '%s': %s (%s), kernel %s, %zu initrd(s)", a->boot_entry, e->title,
		  e->origin ? e->origin : "?", files.kernel, files.nr_initrds);

	/* The entry as the options -l KERNEL --initrd --extra-initrd --append would give. */
	b.boot_entry = NULL;
	b.kernel = files.kernel;
	b.initrd = files.nr_initrds ? files.initrds[0] : NULL;
	b.nr_extra_initrds = 0;
	for (size_t i = 1; i < files.nr_initrds; i++)
		b.extra_initrds[b.nr_extra_initrds++] = files.initrds[i];
	if (e->source == BOOT_SOURCE_UKI) {
		/* The UKI's own .cmdline, of the profile --uki-profile picks, then --append. */
		b.append = a->append && *a->append ? a->append : NULL;
		b.uki_append_adds = true;
	} else if (a->append && *a->append) {
		if (asprintf(&cmdline, "%s%s%s", e->options ? e->options : "",
			     e->options && *e->options ? " " : "", a->append) < 0) {
			cmdline = NULL;
			log_error("out of memory");
			ex = KEXEC_EXIT_RESOURCES;
			goto out;
		}
		b.append = cmdline;
	} else {
		b.append = e->options;
	}
	ex = kexec_load_kernel(arch, &b, rootfd);
out:
	boot_files_done(&files);
	boot_entry_done(&file_entry);
	boot_config_done(&cfg);
	return ex;
}
