// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "image: "
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "image.h"
#include "log.h"

const struct image_ops *image_find_type(const struct image_ops *const *formats, const char *name)
{
	for (size_t i = 0; formats[i]; i++) {
		const struct image_ops *ops = formats[i];

		if (strcasecmp(ops->name, name) == 0)
			return ops;
		for (size_t j = 0; ops->aliases && ops->aliases[j]; j++)
			if (strcasecmp(ops->aliases[j], name) == 0)
				return ops;
	}
	return NULL;
}

int image_probe(const struct image_ops *const *formats, const void *buf, size_t len,
		const char *type, const struct image_ops **ret_ops, struct image_info *ret_info)
{
	for (size_t i = 0; formats[i]; i++) {
		const struct image_ops *ops = formats[i];
		struct image_info info = { .type = ops->name };
		int r;

		if (type && image_find_type(formats, type) != ops)
			continue;
		r = ops->probe(buf, len, &info);
		if (r == -ENOEXEC) {
			log_debug("not a %s image", ops->name);
			if (type)
				diag_set(&info.why, "it is not a %s image", ops->name);
			else
				continue;
		}
		if (r >= 0) {
			log_debug("recognised a %s image", ops->name);
			*ret_ops = ops;
		}
		*ret_info = info;
		return r;
	}
	*ret_info = (struct image_info){};
	diag_set(&ret_info->why,
		 "it is not a kernel image this kexec knows (%zu bytes, no known header)", len);
	return -ENOEXEC;
}
