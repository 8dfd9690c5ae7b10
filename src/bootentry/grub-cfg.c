// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * grub.cfg, evaluated the way GRUB's script engine would at boot, for the subset that
 * grub-mkconfig writes (Debian's 00_header, 10_linux, 30_os-prober, 30_uefi-firmware,
 * 41_custom): words with '' "" \ quoting and $var/${var} expansion, `set`, `if/elif/else/fi`
 * over `[ ... ]` tests, `menuentry`, `submenu`, `function` (skipped: only its calls'
 * side effects on the menu would matter, and 10_linux's functions have none).
 *
 * What this cannot evaluate is never guessed: a test on a command's result (`fwsetup
 * --is-supported`) runs both branches as "maybe": entries defined there are listed but
 * marked unusable, variables set there become unknown, and a `set default` there leaves
 * the default unknown (refused with the line). Loops and `source` of another file outside
 * such a branch are refused outright.
 *
 * Checked against GRUB's manual (Shell-like scripting; the menuentry, submenu, search, linux,
 * initrd commands; the `default` variable: index, id or title, '>' between submenu levels).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bootentry.h"
#include "macro.h"

#define LOG_PREFIX "grub.cfg: "
#include "log.h"

#define WORD_MAX 4096
#define CMD_MAX_WORDS 256
#define VARS_MAX 512
#define DEPTH_MAX 32

enum mode {
	MODE_RUN,   /* executed */
	MODE_MAYBE, /* executed only if a condition we could not evaluate held */
	MODE_SKIP,  /* not executed (a false branch, a function body) */
};

enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

struct gvar {
	char *name;
	char *value;
	bool unknown; /* set in a "maybe" branch: its value at boot is not known */
};

struct cmd {
	size_t line;
	size_t n;
	char *w[CMD_MAX_WORDS]; /* raw words, quotes kept: expanded when executed */
	bool opens_block;       /* ended with an unquoted '{' */
};

struct gctx {
	const struct grub_input *in;
	const char *buf;
	size_t len, pos, line;
	/* Commands read ahead, popped before lexing more: the '}' that ended a command, and the
	 * rest of a command after then/else/fi (pushed on top, so it comes first). */
	struct cmd pending[2];
	size_t npending;
	struct gvar vars[VARS_MAX];
	size_t nvars;
	struct boot_entries *out;
	struct boot_entry *entry; /* the menuentry being executed, or NULL */
	bool entry_maybe;
	size_t path[DEPTH_MAX];   /* indices of the enclosing submenus */
	size_t next_index[DEPTH_MAX + 1];
	size_t depth;
	char *default_value;
	size_t default_line;
	bool default_unknown;
	char *default_raw;
	struct diag *err;
};

static void cmd_done(struct cmd *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->w[i]);
	*c = (struct cmd){};
}

/* ---- lexer ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * One raw word at c->pos (quotes kept), or a separator. Returns 1 word, 2 separator (newline
 * or ';'), 0 end of file, or -errno.
 */
static int lex(struct gctx *c, char **ret, bool *ret_quoted)
{
	char word[WORD_MAX];
	size_t n = 0;
	char quote = 0;
	bool quoted = false;
	size_t start_line;

	for (;;) {
		if (c->pos >= c->len)
			return 0;
		if (c->buf[c->pos] == '\\' && c->pos + 1 < c->len && c->buf[c->pos + 1] == '\n') {
			c->pos += 2;
			c->line++;
			continue;
		}
		if (is_blank(c->buf[c->pos])) {
			c->pos++;
			continue;
		}
		break;
	}
	if (c->buf[c->pos] == '#') {
		while (c->pos < c->len && c->buf[c->pos] != '\n')
			c->pos++;
		if (c->pos >= c->len)
			return 0;
	}
	if (c->buf[c->pos] == '\n' || c->buf[c->pos] == ';') {
		if (c->buf[c->pos] == '\n')
			c->line++;
		c->pos++;
		return 2;
	}
	start_line = c->line;
	while (c->pos < c->len) {
		char ch = c->buf[c->pos];

		if (ch == '\0')
			return diag_fail(c->err, -EBADMSG, "%s:%zu: a NUL byte", c->in->file, c->line);
		if (!quote && (is_blank(ch) || ch == '\n' || ch == ';'))
			break;
		if (n + 2 >= sizeof(word))
			return diag_fail(c->err, -E2BIG, "%s:%zu: a word longer than %d bytes",
					 c->in->file, c->line, WORD_MAX);
		if (ch == '\n')
			c->line++;
		if (!quote && (ch == '\'' || ch == '"')) {
			quote = ch;
			quoted = true;
		} else if (quote && ch == quote) {
			quote = 0;
		} else if (ch == '\\' && quote != '\'' && c->pos + 1 < c->len) {
			word[n++] = ch;
			ch = c->buf[++c->pos];
			if (ch == '\n')
				c->line++;
			quoted = true;
		}
		word[n++] = ch;
		c->pos++;
	}
	if (quote)
		return diag_fail(c->err, -EBADMSG, "%s:%zu: unterminated %s quote", c->in->file,
				 start_line, quote == '"' ? "double" : "single");
	word[n] = '\0';
	*ret = strdup(word);
	if (!*ret)
		return -ENOMEM;
	*ret_quoted = quoted;
	return 1;
}

/*
 * The next non-empty command: its words up to a separator, or up to and including an
 * unquoted '{' (then opens_block). Returns 1, 0 at end of file, or -errno.
 */
static int read_cmd(struct gctx *c, struct cmd *ret)
{
	struct cmd cmd = {};
	int r;

	if (c->npending > 0) {
		*ret = c->pending[--c->npending];
		c->pending[c->npending] = (struct cmd){};
		return 1;
	}
	for (;;) {
		char *w = NULL;
		bool quoted = false;

		if (cmd.n == 0)
			cmd.line = c->line;
		r = lex(c, &w, &quoted);
		if (r < 0) {
			cmd_done(&cmd);
			return r;
		}
		if (r == 0 || r == 2) {
			if (cmd.n > 0) {
				*ret = cmd;
				return 1;
			}
			if (r == 0)
				return 0;
			continue;
		}
		if (!quoted && strcmp(w, "{") == 0) {
			free(w);
			cmd.opens_block = true;
			*ret = cmd;
			return 1;
		}
		/* '}' closes a block wherever it stands: end the command before it. */
		if (!quoted && strcmp(w, "}") == 0 && cmd.n > 0) {
			/* Only lexed with nothing pending: the stack has room. */
			c->pending[c->npending++] = (struct cmd){ .line = c->line, .n = 1, .w = { w } };
			*ret = cmd;
			return 1;
		}
		if (cmd.n == CMD_MAX_WORDS) {
			free(w);
			cmd_done(&cmd);
			return diag_fail(c->err, -E2BIG, "%s:%zu: more than %d words in a command",
					 c->in->file, c->line, CMD_MAX_WORDS);
		}
		cmd.w[cmd.n++] = w;
	}
}

/* Drop the first word (a keyword) and keep the rest as the next command. */
static void push_rest(struct gctx *c, struct cmd *cmd)
{
	free(cmd->w[0]);
	if ((cmd->n > 1 || cmd->opens_block) && c->npending < ARRAY_SIZE(c->pending)) {
		memmove(cmd->w, cmd->w + 1, (cmd->n - 1) * sizeof(cmd->w[0]));
		cmd->n--;
		c->pending[c->npending++] = *cmd;
	} else {
		/* Nothing after the keyword (the stack cannot be full: a command read from it
		 * freed its slot, and read_cmd pushes at most one). */
		for (size_t i = 1; i < cmd->n; i++)
			free(cmd->w[i]);
	}
	*cmd = (struct cmd){};
}

/* ---- variables and expansion ---- */

static struct gvar *var_find(struct gctx *c, const char *name)
{
	for (size_t i = c->nvars; i > 0; i--)
		if (strcmp(c->vars[i - 1].name, name) == 0)
			return &c->vars[i - 1];
	return NULL;
}

/* Set in the innermost scope: entries and submenus drop what they set (nvars restored). */
static int var_set(struct gctx *c, const char *name, const char *value, bool unknown,
		   size_t scope_start)
{
	struct gvar *v = var_find(c, name);
	char *dup;

	if (v && (size_t)(v - c->vars) >= scope_start) {
		dup = strdup(value);
		if (!dup)
			return -ENOMEM;
		free(v->value);
		v->value = dup;
		v->unknown = unknown;
		return 0;
	}
	if (c->nvars == VARS_MAX)
		return diag_fail(c->err, -E2BIG, "%s: more than %d variables", c->in->file, VARS_MAX);
	c->vars[c->nvars] = (struct gvar){ .name = strdup(name), .value = strdup(value),
					   .unknown = unknown };
	if (!c->vars[c->nvars].name || !c->vars[c->nvars].value) {
		free(c->vars[c->nvars].name);
		free(c->vars[c->nvars].value);
		return -ENOMEM;
	}
	c->nvars++;
	return 0;
}

static void vars_truncate(struct gctx *c, size_t n)
{
	while (c->nvars > n) {
		c->nvars--;
		free(c->vars[c->nvars].name);
		free(c->vars[c->nvars].value);
	}
}

/*
 * Expand a raw word: quotes removed, $name and ${name} replaced. Undefined variables are
 * empty, as in GRUB, except feature_* (GRUB 2.02 and later define all that grub-mkconfig
 * tests: "y"). A variable whose value is unknown makes the result unknown: *ret_unknown gets
 * its name (static storage of the variable table).
 */
static int expand(struct gctx *c, const char *raw, char **ret, const char **ret_unknown)
{
	char out[WORD_MAX];
	size_t n = 0;
	char quote = 0;

	*ret_unknown = NULL;
	for (const char *p = raw; *p;) {
		if (!quote && (*p == '\'' || *p == '"')) {
			quote = *p++;
			continue;
		}
		if (quote && *p == quote) {
			quote = 0;
			p++;
			continue;
		}
		if (*p == '\\' && quote != '\'' && p[1]) {
			if (n + 1 >= sizeof(out))
				return -E2BIG;
			out[n++] = p[1];
			p += 2;
			continue;
		}
		if (*p == '$' && quote != '\'') {
			char name[128];
			size_t k = 0;
			const char *val;
			struct gvar *v;

			p++;
			if (*p == '{') {
				const char *end = strchr(p, '}');

				if (!end || (size_t)(end - p - 1) >= sizeof(name))
					return diag_fail(c->err, -EBADMSG, "%s: bad variable reference "
							 "'%s'", c->in->file, raw);
				k = (size_t)(end - p - 1);
				memcpy(name, p + 1, k);
				p = end + 1;
			} else if (*p == '?' || *p == '#' || *p == '@' || *p == '*') {
				name[k++] = *p++;
			} else {
				while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				       (*p >= '0' && *p <= '9') || *p == '_') {
					if (k + 1 >= sizeof(name))
						return -E2BIG;
					name[k++] = *p++;
				}
				if (k == 0) {
					/* A lone '$' is itself. */
					if (n + 1 >= sizeof(out))
						return -E2BIG;
					out[n++] = '$';
					continue;
				}
			}
			name[k] = '\0';
			v = var_find(c, name);
			if (v && v->unknown)
				*ret_unknown = v->name;
			else if (!v && strcmp(name, "?") == 0)
				*ret_unknown = "?";
			val = v ? v->value : strncmp(name, "feature_", 8) == 0 ? "y" : "";
			k = strlen(val);
			if (n + k >= sizeof(out))
				return diag_fail(c->err, -E2BIG, "%s: an expanded word is longer than "
						 "%d bytes", c->in->file, WORD_MAX);
			memcpy(out + n, val, k);
			n += k;
			continue;
		}
		if (n + 1 >= sizeof(out))
			return -E2BIG;
		out[n++] = *p++;
	}
	out[n] = '\0';
	*ret = strdup(out);
	return *ret ? 0 : -ENOMEM;
}

struct xwords {
	size_t n;
	char *w[CMD_MAX_WORDS];
	const char *unknown; /* a variable of unknown value was used */
};

static void xwords_done(struct xwords *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->w[i]);
	x->n = 0;
}

static int expand_cmd(struct gctx *c, const struct cmd *cmd, size_t from, struct xwords *ret)
{
	*ret = (struct xwords){};
	for (size_t i = from; i < cmd->n; i++) {
		const char *unk;
		int r = expand(c, cmd->w[i], &ret->w[ret->n], &unk);

		if (r < 0) {
			xwords_done(ret);
			return r;
		}
		ret->n++;
		if (unk && !ret->unknown)
			ret->unknown = unk;
	}
	return 0;
}

/* ---- conditions ---- */

static enum tri tri_not(enum tri t)
{
	return t == T_UNKNOWN ? T_UNKNOWN : t == T_TRUE ? T_FALSE : T_TRUE;
}

static bool parse_long(const char *s, long *ret)
{
	char *end;

	errno = 0;
	*ret = strtol(s, &end, 10);
	return *s && !*end && errno == 0;
}

/* One primary of test(1)'s grammar, GRUB's subset: [!] -n/-z/-f/-e/-s/-d X, X op Y, X. */
static enum tri test_primary(struct gctx *c, char **w, size_t n)
{
	if (n >= 1 && strcmp(w[0], "!") == 0)
		return tri_not(test_primary(c, w + 1, n - 1));
	if (n == 1)
		return *w[0] ? T_TRUE : T_FALSE;
	if (n == 2 && strcmp(w[0], "-n") == 0)
		return *w[1] ? T_TRUE : T_FALSE;
	if (n == 2 && strcmp(w[0], "-z") == 0)
		return *w[1] ? T_FALSE : T_TRUE;
	if (n == 2 && (strcmp(w[0], "-f") == 0 || strcmp(w[0], "-e") == 0 ||
		       strcmp(w[0], "-s") == 0 || strcmp(w[0], "-d") == 0)) {
		/* Only GRUB's own environment block is known: whether a grubenv was read. */
		size_t l = strlen(w[1]);

		if (strcmp(w[0], "-d") != 0 && l >= 8 && strcmp(w[1] + l - 8, "/grubenv") == 0)
			return c->in->env ? T_TRUE : T_FALSE;
		log_debug("%s: cannot tell whether '%s' exists at boot", c->in->file, w[1]);
		return T_UNKNOWN;
	}
	if (n == 3) {
		const char *op = w[1];
		long a, b;

		if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
			return strcmp(w[0], w[2]) == 0 ? T_TRUE : T_FALSE;
		if (strcmp(op, "!=") == 0)
			return strcmp(w[0], w[2]) != 0 ? T_TRUE : T_FALSE;
		if (op[0] == '-' && parse_long(w[0], &a) && parse_long(w[2], &b)) {
			if (strcmp(op, "-eq") == 0)
				return a == b ? T_TRUE : T_FALSE;
			if (strcmp(op, "-ne") == 0)
				return a != b ? T_TRUE : T_FALSE;
			if (strcmp(op, "-lt") == 0)
				return a < b ? T_TRUE : T_FALSE;
			if (strcmp(op, "-le") == 0)
				return a <= b ? T_TRUE : T_FALSE;
			if (strcmp(op, "-gt") == 0)
				return a > b ? T_TRUE : T_FALSE;
			if (strcmp(op, "-ge") == 0)
				return a >= b ? T_TRUE : T_FALSE;
		}
	}
	return T_UNKNOWN;
}

/* test(1) with -o (lowest) and -a, in three-valued logic. */
static enum tri test_expr(struct gctx *c, char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i], "-o") == 0) {
			enum tri a = test_expr(c, w, i), b = test_expr(c, w + i + 1, n - i - 1);

			return a == T_TRUE || b == T_TRUE ? T_TRUE :
			       a == T_FALSE && b == T_FALSE ? T_FALSE : T_UNKNOWN;
		}
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i], "-a") == 0) {
			enum tri a = test_expr(c, w, i), b = test_expr(c, w + i + 1, n - i - 1);

			return a == T_FALSE || b == T_FALSE ? T_FALSE :
			       a == T_TRUE && b == T_TRUE ? T_TRUE : T_UNKNOWN;
		}
	return test_primary(c, w, n);
}

static enum tri eval_cond(struct gctx *c, const struct cmd *cmd, size_t from)
{
	struct xwords x;
	enum tri t = T_UNKNOWN;

	if (cmd->n <= from)
		return T_UNKNOWN;
	if (expand_cmd(c, cmd, from, &x) < 0)
		return T_UNKNOWN;
	if (x.unknown) {
		log_debug("%s:%zu: condition uses $%s, whose value is not known", c->in->file,
			  cmd->line, x.unknown);
	} else if (strcmp(x.w[0], "[") == 0 && x.n >= 2 && strcmp(x.w[x.n - 1], "]") == 0) {
		t = test_expr(c, x.w + 1, x.n - 2);
	} else if (strcmp(x.w[0], "test") == 0) {
		t = test_expr(c, x.w + 1, x.n - 1);
	} else if (strcmp(x.w[0], "true") == 0) {
		t = T_TRUE;
	} else if (strcmp(x.w[0], "false") == 0) {
		t = T_FALSE;
	} else {
		log_debug("%s:%zu: condition is the command '%s', whose result is not known",
			  c->in->file, cmd->line, x.w[0]);
	}
	xwords_done(&x);
	return t;
}

/* ---- statements ---- */

static int exec_list(struct gctx *c, enum mode mode, struct cmd *ret_stop);

static bool is_word(const struct cmd *cmd, const char *kw)
{
	return cmd->n > 0 && strcmp(cmd->w[0], kw) == 0;
}

static int entry_unusable(struct boot_entry *e, const char *fmt, ...) _printf_(2, 3);
static int entry_unusable(struct boot_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (e->unusable) /* the first reason is the one shown */
		return 0;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return -ENOMEM;
	e->unusable = s;
	return 0;
}

/* if COND; then LIST [elif COND; then LIST]... [else LIST] fi */
static int exec_if(struct gctx *c, struct cmd *head, enum mode mode)
{
	bool taken = false, prior_unknown = false;
	enum tri cond = mode == MODE_SKIP ? T_FALSE : eval_cond(c, head, 1);
	size_t line = head->line;
	int r;

	for (;;) {
		struct cmd then = {}, stop = {};
		enum mode m;

		r = read_cmd(c, &then);
		if (r <= 0)
			return r < 0 ? r : diag_fail(c->err, -EBADMSG, "%s:%zu: 'if' without 'then'",
						     c->in->file, line);
		if (!is_word(&then, "then")) {
			cmd_done(&then);
			return diag_fail(c->err, -EBADMSG, "%s:%zu: 'if' without 'then'", c->in->file,
					 line);
		}
		push_rest(c, &then);
		if (mode == MODE_SKIP || taken || cond == T_FALSE) {
			m = MODE_SKIP;
		} else if (cond == T_TRUE) {
			m = prior_unknown ? MODE_MAYBE : mode;
			taken = true;
		} else {
			m = MODE_MAYBE;
			prior_unknown = true;
		}
		r = exec_list(c, m, &stop);
		if (r < 0)
			return r;
		if (is_word(&stop, "elif")) {
			cond = mode == MODE_SKIP ? T_FALSE : eval_cond(c, &stop, 1);
			cmd_done(&stop);
			continue;
		}
		if (is_word(&stop, "else")) {
			push_rest(c, &stop);
			if (mode == MODE_SKIP || taken)
				m = MODE_SKIP;
			else
				m = prior_unknown ? MODE_MAYBE : mode;
			r = exec_list(c, m, &stop);
			if (r < 0)
				return r;
		}
		if (is_word(&stop, "fi")) {
			push_rest(c, &stop);
			return 0;
		}
		cmd_done(&stop);
		return diag_fail(c->err, -EBADMSG, "%s:%zu: 'if' without 'fi'", c->in->file, line);
	}
}

/* A block opened by '{': its statements up to the matching '}'. */
static int exec_block(struct gctx *c, enum mode mode, size_t line)
{
	struct cmd stop = {};
	int r;

	if (c->depth >= DEPTH_MAX)
		return diag_fail(c->err, -E2BIG, "%s:%zu: blocks nested more than %d deep",
				 c->in->file, line, DEPTH_MAX);
	c->depth++;
	r = exec_list(c, mode, &stop);
	c->depth--;
	if (r < 0)
		return r;
	if (!is_word(&stop, "}")) {
		cmd_done(&stop);
		return diag_fail(c->err, -EBADMSG, "%s:%zu: '{' without '}'", c->in->file, line);
	}
	push_rest(c, &stop);
	return 0;
}

static char *menu_path(const struct gctx *c, size_t idx)
{
	char buf[DEPTH_MAX * 12 + 12];
	size_t n = 0;

	for (size_t i = 0; i < c->depth; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%zu>", c->path[i]);
	snprintf(buf + n, sizeof(buf) - n, "%zu", idx);
	return strdup(buf);
}

/* menuentry/submenu TITLE [--class C]... [--id ID] [--users U] [--unrestricted] ... { */
static int exec_menu(struct gctx *c, struct cmd *cmd, enum mode mode, bool submenu)
{
	struct xwords x = {};
	struct boot_entry *e = NULL;
	struct boot_entry *saved_entry = c->entry;
	bool saved_maybe = c->entry_maybe;
	size_t saved_vars = c->nvars, idx, line = cmd->line;
	char origin[300];
	int r;

	if (!cmd->opens_block)
		return diag_fail(c->err, -EBADMSG, "%s:%zu: '%s' without '{'", c->in->file, line,
				 cmd->w[0]);
	if (mode == MODE_SKIP || c->entry) {
		/* Not in the menu (a false branch), or a menuentry inside an entry's body (only
		 * created when that entry runs, never at boot-menu time). */
		return exec_block(c, MODE_SKIP, line);
	}
	if (c->depth >= DEPTH_MAX)
		return diag_fail(c->err, -E2BIG, "%s:%zu: submenus nested more than %d deep",
				 c->in->file, line, DEPTH_MAX);
	r = expand_cmd(c, cmd, 1, &x);
	if (r < 0)
		return r;
	r = boot_entries_add(c->out, &e);
	if (r < 0) {
		xwords_done(&x);
		return r == -E2BIG ? diag_fail(c->err, r, "%s:%zu: more than %d entries",
					       c->in->file, line, BOOT_ENTRIES_MAX) : r;
	}
	e->source = BOOT_SOURCE_GRUB;
	e->submenu = submenu;
	e->tries_left = -1;
	idx = c->next_index[c->depth]++;
	e->menu_path = menu_path(c, idx);
	snprintf(origin, sizeof(origin), "%s:%zu", c->in->file, line);
	e->origin = strdup(origin);
	for (size_t i = 0; i < x.n; i++) {
		const char *w = x.w[i];

		if ((strcmp(w, "--class") == 0 || strcmp(w, "--users") == 0 ||
		     strcmp(w, "--hotkey") == 0 || strcmp(w, "--source") == 0) && i + 1 < x.n) {
			i++;
		} else if (strcmp(w, "--id") == 0 && i + 1 < x.n) {
			free(e->id);
			e->id = strdup(x.w[++i]);
		} else if (strncmp(w, "--id=", 5) == 0) {
			free(e->id);
			e->id = strdup(w + 5);
		} else if (strncmp(w, "--", 2) == 0) {
			continue;
		} else if (!e->title) {
			e->title = strdup(w);
		}
	}
	if (!e->title)
		e->title = strdup("");
	if (!e->menu_path || !e->origin || !e->title) {
		xwords_done(&x);
		return -ENOMEM;
	}
	if (x.unknown)
		r = entry_unusable(e, "its title or id uses $%s, whose value kexec cannot tell",
				   x.unknown);
	xwords_done(&x);
	if (r < 0)
		return r;
	if (mode == MODE_MAYBE) {
		r = entry_unusable(e, "defined under a condition kexec cannot evaluate (%s)",
				   origin);
		if (r < 0)
			return r;
	}

	if (submenu) {
		c->path[c->depth] = idx;
		c->next_index[c->depth + 1] = 0;
		r = exec_block(c, mode, line);
	} else {
		c->entry = e;
		c->entry_maybe = mode == MODE_MAYBE;
		r = exec_block(c, MODE_RUN, line);
		e = c->entry; /* boot_entries_add may have moved the array: not here (no adds) */
		c->entry = saved_entry;
		c->entry_maybe = saved_maybe;
		if (r >= 0 && !e->kernel && !e->unusable)
			r = entry_unusable(e, "no 'linux' command");
	}
	vars_truncate(c, saved_vars);
	return r;
}

static bool is_uuid_option(const char *w)
{
	return strcmp(w, "--fs-uuid") == 0 || strcmp(w, "-u") == 0;
}

/* A command inside a menuentry's body. */
static int exec_entry_cmd(struct gctx *c, struct cmd *cmd, enum mode mode, const struct xwords *x)
{
	struct boot_entry *e = c->entry;
	const char *name = x->w[0];
	static const char *const not_linux[] = { "chainloader", "multiboot", "multiboot2",
		"appleloader", "fwsetup", "kfreebsd", "knetbsd", "kopenbsd", "ntldr", "halt",
		"reboot", "exit", "legacy_configfile", "configfile", "source", "normal" };

	for (size_t i = 0; i < ARRAY_SIZE(not_linux); i++)
		if (strcmp(name, not_linux[i]) == 0)
			return e->kernel ? 0 : entry_unusable(e, "a '%s' entry, not a Linux kernel",
							      name);

	if (strcmp(name, "linux") == 0 || strcmp(name, "linuxefi") == 0 ||
	    strcmp(name, "linux16") == 0) {
		char opts[WORD_MAX];
		size_t n = 0;

		if (mode == MODE_MAYBE || c->entry_maybe)
			return entry_unusable(e, "'%s' at line %zu runs only under a condition kexec "
					      "cannot evaluate", name, cmd->line);
		if (x->unknown)
			return entry_unusable(e, "'%s' at line %zu uses $%s, whose value kexec cannot "
					      "tell", name, cmd->line, x->unknown);
		if (x->n < 2)
			return entry_unusable(e, "'%s' at line %zu names no kernel", name, cmd->line);
		opts[0] = '\0';
		for (size_t i = 2; i < x->n; i++) {
			int k;

			/* An unquoted variable that expands to nothing ($vt_handoff) is no word. */
			if (!*x->w[i])
				continue;
			k = snprintf(opts + n, sizeof(opts) - n, "%s%s", n ? " " : "", x->w[i]);

			if (k < 0 || (size_t)k >= sizeof(opts) - n)
				return entry_unusable(e, "the command line at line %zu is longer than "
						      "%d bytes", cmd->line, WORD_MAX);
			n += (size_t)k;
		}
		free(e->kernel);
		free(e->options);
		e->kernel = strdup(x->w[1]);
		e->options = strdup(opts);
		return e->kernel && e->options ? 0 : -ENOMEM;
	}
	if (strcmp(name, "initrd") == 0 || strcmp(name, "initrdefi") == 0 ||
	    strcmp(name, "initrd16") == 0) {
		if (mode == MODE_MAYBE || c->entry_maybe)
			return entry_unusable(e, "'%s' at line %zu runs only under a condition kexec "
					      "cannot evaluate", name, cmd->line);
		if (x->unknown)
			return entry_unusable(e, "'%s' at line %zu uses $%s, whose value kexec cannot "
					      "tell", name, cmd->line, x->unknown);
		if (x->n - 1 > BOOT_ENTRY_MAX_INITRDS)
			return entry_unusable(e, "more than %d initrds at line %zu",
					      BOOT_ENTRY_MAX_INITRDS, cmd->line);
		/* A second initrd command replaces the first, as in GRUB. */
		for (size_t i = 0; i < e->nr_initrds; i++)
			free(e->initrds[i]);
		e->nr_initrds = 0;
		for (size_t i = 1; i < x->n; i++) {
			e->initrds[e->nr_initrds] = strdup(x->w[i]);
			if (!e->initrds[e->nr_initrds])
				return -ENOMEM;
			e->nr_initrds++;
		}
		return 0;
	}
	if (strcmp(name, "search") == 0 || strcmp(name, "search.fs_uuid") == 0) {
		/* search [--no-floppy] --fs-uuid --set=root [--hint...=X] UUID, or
		 * search.fs_uuid UUID root: the root device is the file system with UUID. */
		bool uuid = strcmp(name, "search.fs_uuid") == 0, sets_root = uuid;
		const char *last = NULL;

		for (size_t i = 1; i < x->n; i++) {
			const char *w = x->w[i];

			if (is_uuid_option(w))
				uuid = true;
			else if (strcmp(w, "--set=root") == 0)
				sets_root = true;
			else if (strcmp(w, "--set") == 0 && i + 1 < x->n)
				sets_root = strcmp(x->w[++i], "root") == 0;
			else if (strncmp(w, "-", 1) != 0 && !last)
				last = w;
			else if (strncmp(w, "-", 1) != 0 && uuid && x->n == 3)
				sets_root = strcmp(w, "root") == 0;
		}
		if (uuid && sets_root && last && !x->unknown && mode == MODE_RUN) {
			free(e->root_uuid);
			e->root_uuid = strdup(last);
			return e->root_uuid ? 0 : -ENOMEM;
		}
		return 0;
	}
	return 0;
}

/* set NAME=VALUE, NAME=VALUE */
static int exec_set(struct gctx *c, const struct cmd *cmd, size_t from, enum mode mode,
		    size_t scope_start)
{
	for (size_t i = from; i < cmd->n; i++) {
		const char *raw = cmd->w[i], *eq = strchr(raw, '='), *unk = NULL;
		_cleanup_free_ char *name = NULL, *value = NULL;
		int r;

		if (!eq || eq == raw)
			continue; /* "set" alone lists variables; "set x" is GRUB's error */
		name = strndup(raw, (size_t)(eq - raw));
		if (!name)
			return -ENOMEM;
		r = expand(c, eq + 1, &value, &unk);
		if (r < 0)
			return r;
		if (strcmp(name, "default") == 0 && !c->entry && c->depth == 0) {
			/* The menu's default: what GRUB boots when nobody presses a key. */
			free(c->default_value);
			free(c->default_raw);
			c->default_value = TAKE_PTR(value);
			c->default_raw = strdup(eq + 1);
			c->default_line = cmd->line;
			c->default_unknown = mode == MODE_MAYBE || unk;
			if (!c->default_value || !c->default_raw)
				return -ENOMEM;
			continue;
		}
		r = var_set(c, name, value ? value : "", mode == MODE_MAYBE || unk, scope_start);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Statements until a stop word ('}', fi, else, elif) or end of file; the stop command goes to
 * @ret_stop (n == 0 at end of file).
 */
static int exec_list(struct gctx *c, enum mode mode, struct cmd *ret_stop)
{
	size_t scope_start = c->entry ? c->nvars : 0;

	for (;;) {
		struct cmd cmd = {};
		struct xwords x = {};
		int r = read_cmd(c, &cmd);

		if (r < 0)
			return r;
		if (r == 0) {
			*ret_stop = (struct cmd){};
			return 0;
		}
		if (is_word(&cmd, "}") || is_word(&cmd, "fi") || is_word(&cmd, "else") ||
		    is_word(&cmd, "elif")) {
			*ret_stop = cmd;
			return 0;
		}
		if (is_word(&cmd, "if")) {
			r = exec_if(c, &cmd, mode);
		} else if (is_word(&cmd, "menuentry") || is_word(&cmd, "submenu")) {
			r = exec_menu(c, &cmd, mode, is_word(&cmd, "submenu"));
		} else if (is_word(&cmd, "function")) {
			r = cmd.opens_block ? exec_block(c, MODE_SKIP, cmd.line) :
			    diag_fail(c->err, -EBADMSG, "%s:%zu: 'function' without '{'",
				      c->in->file, cmd.line);
		} else if (is_word(&cmd, "for") || is_word(&cmd, "while") ||
			   is_word(&cmd, "until") || is_word(&cmd, "then") || is_word(&cmd, "do") ||
			   is_word(&cmd, "done")) {
			r = diag_fail(c->err, -EBADMSG, "%s:%zu: '%s' is not evaluated by kexec (not "
				      "what grub-mkconfig writes)", c->in->file, cmd.line, cmd.w[0]);
		} else if (cmd.opens_block) {
			r = diag_fail(c->err, -EBADMSG, "%s:%zu: a '{' block after '%s'", c->in->file,
				      cmd.line, cmd.w[0]);
		} else if (mode == MODE_SKIP) {
			r = 0;
		} else if (is_word(&cmd, "set")) {
			r = exec_set(c, &cmd, 1, mode, scope_start);
		} else if (strchr(cmd.w[0], '=') && cmd.w[0][0] != '=' && cmd.w[0][0] != '-' &&
			   cmd.n == 1) {
			r = exec_set(c, &cmd, 0, mode, scope_start);
		} else if (c->entry) {
			r = expand_cmd(c, &cmd, 0, &x);
			if (r >= 0 && x.n > 0)
				r = exec_entry_cmd(c, &cmd, mode, &x);
			xwords_done(&x);
		} else if ((is_word(&cmd, "source") || is_word(&cmd, "configfile") ||
			    is_word(&cmd, ".")) && mode == MODE_RUN) {
			r = diag_fail(c->err, -EBADMSG, "%s:%zu: '%s' reads another file, which kexec "
				      "does not follow", c->in->file, cmd.line, cmd.w[0]);
		} else {
			r = 0; /* insmod, load_env, save_env, echo, terminal_output...: no menu effect */
		}
		cmd_done(&cmd);
		if (r < 0)
			return r;
	}
}

/* ---- lookup ---- */

static size_t path_depth(const char *p)
{
	size_t d = 1;

	for (; *p; p++)
		d += *p == '>';
	return d;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 9)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int grub_find_entry(const struct boot_entries *l, const char *spec, size_t *ret_idx)
{
	char parent[DEPTH_MAX * 12 + 12] = "";
	size_t depth = 1;
	long found = -1;
	const char *p = spec;

	if (!*spec)
		return -ENOENT;
	for (;;) {
		const char *end = strchr(p, '>');
		size_t n = end ? (size_t)(end - p) : strlen(p), plen = strlen(parent);

		found = -1;
		for (size_t i = 0; i < l->n; i++) {
			const struct boot_entry *e = &l->v[i];
			const char *last;

			if (e->source != BOOT_SOURCE_GRUB || path_depth(e->menu_path) != depth)
				continue;
			if (plen && (strncmp(e->menu_path, parent, plen) != 0 ||
				     e->menu_path[plen] != '>'))
				continue;
			last = strrchr(e->menu_path, '>');
			last = last ? last + 1 : e->menu_path;
			/* GRUB: a number is a position; otherwise the id, then the title. */
			if (all_digits(p, n) ? strlen(last) == n && strncmp(last, p, n) == 0 :
			    (e->id && strlen(e->id) == n && strncmp(e->id, p, n) == 0) ||
			    (strlen(e->title) == n && strncmp(e->title, p, n) == 0)) {
				found = (long)i;
				break;
			}
		}
		if (found < 0)
			return -ENOENT;
		if (!end)
			break;
		snprintf(parent, sizeof(parent), "%s", l->v[found].menu_path);
		depth++;
		p = end + 1;
		if (depth > DEPTH_MAX)
			return -ENOENT;
	}
	*ret_idx = (size_t)found;
	return 0;
}

int grub_first_in_submenu(const struct boot_entries *l, size_t idx, size_t *ret_idx)
{
	/* Down to a bootable entry: each level's first item ("1" -> "1>0" -> ...). */
	for (size_t depth = 0; l->v[idx].submenu && depth < DEPTH_MAX; depth++) {
		char path[DEPTH_MAX * 12 + 12];

		snprintf(path, sizeof(path), "%s>0", l->v[idx].menu_path);
		if (grub_find_entry(l, path, &idx) < 0)
			return -ENOENT;
	}
	if (l->v[idx].submenu)
		return -ENOENT;
	*ret_idx = idx;
	return 0;
}

/* ---- the whole file ---- */

static void why(char *buf, size_t size, const char *fmt, ...) _printf_(3, 4);
static void why(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

static void pick_default(struct gctx *c)
{
	struct boot_entries *l = c->out;
	const char *next = grubenv_get(c->in->env, "next_entry");
	const char *v = c->default_value ? c->default_value : "0";
	char how[400];
	size_t idx;

	l->default_idx = -1;
	l->oneshot_idx = -1;
	if (next && *next) {
		if (grub_find_entry(l, next, &idx) == 0 && grub_first_in_submenu(l, idx, &idx) == 0) {
			l->oneshot_idx = (long)idx;
			why(l->why_oneshot, sizeof(l->why_oneshot), "next_entry=%s in grubenv", next);
		} else {
			why(l->why_oneshot, sizeof(l->why_oneshot), "next_entry=%s in grubenv names no "
			    "bootable entry", next);
		}
	}

	if (!c->default_value)
		snprintf(how, sizeof(how), "no 'set default' in %s: the first entry", c->in->file);
	else if (c->default_raw && strstr(c->default_raw, "next_entry"))
		snprintf(how, sizeof(how), "one-shot next_entry=%s from grubenv (%s:%zu)", v,
			 c->in->file, c->default_line);
	else if (c->default_raw && strstr(c->default_raw, "saved_entry"))
		snprintf(how, sizeof(how), "saved_entry=%s from grubenv (%s:%zu)", v, c->in->file,
			 c->default_line);
	else
		snprintf(how, sizeof(how), "set default=%s at %s:%zu", v, c->in->file,
			 c->default_line);

	if (c->default_unknown) {
		why(l->why_default, sizeof(l->why_default), "the default is set at %s:%zu under a "
		    "condition kexec cannot evaluate", c->in->file, c->default_line);
		return;
	}
	if (grub_find_entry(l, v, &idx) < 0) {
		/* GRUB boots the first entry when default names none (menu.c, "default" falls back
		 * to 0); say so rather than refuse. */
		if (l->n == 0) {
			why(l->why_default, sizeof(l->why_default), "%s has no menu entry", c->in->file);
			return;
		}
		idx = 0;
		snprintf(how + strlen(how), sizeof(how) - strlen(how), ", which names no entry: "
			 "GRUB falls back to the first");
	}
	if (l->v[idx].submenu) {
		/* GRUB runs the submenu, whose own default is then unset: its first entry boots
		 * when the timeout runs out. */
		if (grub_first_in_submenu(l, idx, &idx) < 0) {
			why(l->why_default, sizeof(l->why_default), "%s: an empty submenu", how);
			return;
		}
		snprintf(how + strlen(how), sizeof(how) - strlen(how), ", a submenu: its first entry");
	}
	l->default_idx = (long)idx;
	why(l->why_default, sizeof(l->why_default), "%s", how);
}

int grub_cfg_parse(const char *buf, size_t len, const struct grub_input *in,
		   struct boot_entries *ret, struct diag *err)
{
	struct gctx c = { .in = in, .buf = buf, .len = len, .line = 1, .out = ret, .err = err };
	struct cmd stop = {};
	int r;

	diag_clear(err);
	if (len > GRUB_CFG_MAX)
		return diag_fail(err, -E2BIG, "%s is %zu bytes, more than %d", in->file, len,
				 GRUB_CFG_MAX);
	/* What GRUB knows before the first line: load_env's variables, the platform. */
	r = var_set(&c, "grub_platform", in->platform ? in->platform : "pc", false, 0);
	for (size_t i = 0; r >= 0 && in->env && i < in->env->n; i++)
		r = var_set(&c, in->env->name[i], in->env->value[i], false, 0);
	if (r >= 0)
		r = exec_list(&c, MODE_RUN, &stop);
	if (r >= 0 && stop.n > 0)
		r = diag_fail(err, -EBADMSG, "%s:%zu: '%s' without its opening statement", in->file,
			      stop.line, stop.w[0]);
	cmd_done(&stop);
	while (c.npending > 0)
		cmd_done(&c.pending[--c.npending]);
	if (r >= 0) {
		snprintf(ret->source_file, sizeof(ret->source_file), "%s", in->file);
		pick_default(&c);
	}
	vars_truncate(&c, 0);
	free(c.default_value);
	free(c.default_raw);
	if (r == -ENOMEM)
		diag_set(err, "out of memory");
	return r;
}
