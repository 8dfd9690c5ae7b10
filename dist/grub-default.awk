# grub-default.awk: print the kernel, the initrd(s) and the arguments of GRUB's default entry in
# a grub.cfg written by update-grub, one per line.  Exit 1 if there is none.
# Input: -v saved=SAVED_ENTRY (from grubenv).  Understands "set default=" as an index ("2",
# "1>0"), an entry id or title, "${saved_entry}", and entries nested in submenus (a submenu
# named alone means its first entry).
function unquote(s) {
	gsub(/^["']|["']$/, "", s)
	return s
}
function title_of(line,   t) {
	t = line
	sub(/^[ \t]*(menuentry|submenu)[ \t]+/, "", t)
	if (t ~ /^'/) { sub(/^'/, "", t); sub(/'.*/, "", t) }
	else if (t ~ /^"/) { sub(/^"/, "", t); sub(/".*/, "", t) }
	else sub(/[ \t].*/, "", t)
	return t
}
function id_of(line,   t) {
	t = line
	if (t !~ /(\$menuentry_id_option|--id)[ \t]/)
		return ""
	sub(/.*(\$menuentry_id_option|--id)[ \t]+/, "", t)
	sub(/[ \t{].*/, "", t)
	return unquote(t)
}
# Does entry e match the default specification d (index, title or id path)?
function matches(e, d) {
	return eidx[e] == d || etit[e] == d || (eid[e] != "" && eid[e] == d) || (lastid[e] != "" && lastid[e] == d)
}
BEGIN { depth = 0; n[0] = 0 }
/^[ \t]*set[ \t]+default=/ && depth == 0 {
	d = $0
	sub(/.*default=/, "", d)
	d = unquote(d)
	if (d == "${saved_entry}" || d == "saved")
		d = saved
	def = d
	next
}
/^[ \t]*(menuentry|submenu)[ \t]/ {
	kind = ($1 == "submenu") ? "submenu" : "menuentry"
	key[depth] = n[depth]++
	tkey[depth] = title_of($0)
	ikey[depth] = id_of($0)
	pidx = ""; ptit = ""; pid = ""
	for (i = 0; i <= depth; i++) {
		sep = i ? ">" : ""
		pidx = pidx sep key[i]
		ptit = ptit sep tkey[i]
		pid = pid sep ikey[i]
	}
	cur = ++nent
	eidx[cur] = pidx; etit[cur] = ptit; eid[cur] = pid; ekind[cur] = kind
	lastid[cur] = (depth == 0) ? ikey[depth] : ""
	depth++
	n[depth] = 0
	if (kind == "menuentry")
		inentry = cur
	next
}
/^[ \t]*}/ && depth > 0 {
	depth--
	inentry = 0
	next
}
inentry && /^[ \t]*(linux|linuxefi|linux16)[ \t]/ {
	l = $0
	sub(/^[ \t]*(linux|linuxefi|linux16)[ \t]+/, "", l)
	k = l
	sub(/[ \t].*/, "", k)
	a = ""
	if (l ~ /[ \t]/) {
		a = l
		sub(/^[^ \t]+[ \t]+/, "", a)
	}
	kern[inentry] = k
	args[inentry] = a
}
inentry && /^[ \t]*(initrd|initrdefi|initrd16)[ \t]/ {
	l = $0
	sub(/^[ \t]*(initrd|initrdefi|initrd16)[ \t]+/, "", l)
	initrd[inentry] = l
}
END {
	if (def == "")
		def = "0"
	for (e = 1; e <= nent && !found; e++)
		if (ekind[e] == "menuentry" && matches(e, def))
			found = e
	for (s = 1; s <= nent && !found; s++) {
		if (ekind[s] != "submenu" || !matches(s, def))
			continue
		for (e = s + 1; e <= nent && !found; e++)
			if (ekind[e] == "menuentry" && index(eidx[e], eidx[s] ">") == 1)
				found = e
	}
	if (!found || kern[found] == "")
		exit 1
	printf "%s\n%s\n%s\n", kern[found], initrd[found], args[found]
}
