/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The grammar of the region-map language (cma-map(5)).  Pure and
 * reentrant; every list is left-recursive, so that a map of a million
 * rules costs no parser stack; errors are reported in the language's
 * terms and parsing resumes at the next ';' or '}'.
 */
%define api.pure full
%define api.prefix {cmayy}
%define api.location.type {struct srcpos}
%define parse.error custom
%locations
%param {void *scanner}
%parse-param {struct lang *l}

%code requires {
#include "lang.h"
}

%code provides {
int cmayylex(CMAYYSTYPE *yylval, CMAYYLTYPE *yylloc, void *scanner);
}

%code {
#include <stdlib.h>
#include <string.h>

#include "../runtime/cmdline.h"

/* A deeper stack comes from cmacc's allocator: out of it, cmacc stops. */
#define YYMALLOC xmalloc
#define YYFREE free
#define YYMAXDEPTH 10000	/* bison's own default, named for the message */

/*
 * Bison's own messages: only "memory exhausted" reaches here, when the
 * parser's stack reaches YYMAXDEPTH, which only nesting can do (lists
 * are left-recursive).  Said as what it is.
 */
static void cmayyerror(const struct srcpos *at, void *scanner, struct lang *l,
		       const char *msg)
{
	if (!strcmp(msg, "memory exhausted")) {
		diag(&l->c->diags, CHECK_SYNTAX, *at, NULL,
		     "parentheses or blocks nest too deep here: the parser's limit is %d levels",
		     YYMAXDEPTH);
		/* The parse ends here: what it was in the middle of is lost. */
		lang_recover(l);
		lang_lost_statement(l);
	} else
		diag(&l->c->diags, CHECK_SYNTAX, *at, NULL, "%s", msg);
}

/* A range from the first token's start to the last one's end. */
#define YYLLOC_DEFAULT(cur, rhs, n)					\
	do {								\
		if (n) {						\
			(cur) = YYRHSLOC(rhs, 1);			\
			if (YYRHSLOC(rhs, n).file == (cur).file &&	\
			    YYRHSLOC(rhs, n).off >= (cur).off)		\
				(cur).len = YYRHSLOC(rhs, n).off +	\
					    YYRHSLOC(rhs, n).len -	\
					    (cur).off;			\
		} else {						\
			(cur) = YYRHSLOC(rhs, 0);			\
			(cur).off += (cur).len;				\
			(cur).len = 0;					\
		}							\
	} while (0)
}

%union {
	char *str;
	struct lang_value value;
}

%token T_REGION "region" T_MAP "map" T_MEMORY "memory" T_BANK "bank"
%token T_CONST "const"
%token T_SIZE "size" T_START "start" T_ALIGN "align"
%token T_ALLOCATOR "allocator" T_PARAMS "params" T_BASE "base"
%token T_PAGE_SIZE "page_size"
%token T_RESERVED "reserved" T_REUSABLE "reusable" T_NO_MAP "no_map"
%token T_ALLOC_RANGE "alloc_range"
%token T_KIND "kind" T_ANY "any" T_ARROW "->"
%token T_SHL "<<" T_SHR ">>" T_ALIGN_UP "align_up"
%token <str> T_IDENT "name" T_WORD "pattern" T_STRING "string"
%token <value> T_NUMBER "number"
%token T_BAD_CHAR "character"

%type <str> name glob target
%type <value> expr

%left T_SHL T_SHR
%left '+' '-'
%left '*' '/' '%'

%destructor { free($$); } <str>

%%

file:
	  %empty
	| file statement
	;

statement:
	  region
	| map
	| memory
	| constant
	| error semi_or_brace		{ lang_lost_statement(l); }
	/* A region whose name is wrong: its fields are still read. */
	| error '{' region_fields '}'	{ lang_lost_statement(l); }
	;

semi_or_brace: ';' { yyerrok; } | '}' { yyerrok; } ;

/* A ';' that may be missing: reported, and reading goes on. */
semi:
	  ';'
	| error
	;

constant:
	  "const" T_IDENT '=' expr semi
		{ lang_define_constant(l, $2, @2, $4); }
	;

expr:
	  T_NUMBER			{ $$ = $1; }
	| T_IDENT			{ $$ = lang_constant_ref(l, $1, @1); }
	| '(' expr ')'			{ $$ = $2; }
	| expr '+' expr			{ $$ = lang_binary(l, '+', $1, $3, @2, @$); }
	| expr '-' expr			{ $$ = lang_binary(l, '-', $1, $3, @2, @$); }
	| expr '*' expr			{ $$ = lang_binary(l, '*', $1, $3, @2, @$); }
	| expr '/' expr			{ $$ = lang_binary(l, '/', $1, $3, @2, @$); }
	| expr '%' expr			{ $$ = lang_binary(l, '%', $1, $3, @2, @$); }
	| expr "<<" expr		{ $$ = lang_binary(l, T_SHL, $1, $3, @2, @$); }
	| expr ">>" expr		{ $$ = lang_binary(l, T_SHR, $1, $3, @2, @$); }
	| "align_up" '(' expr ',' expr ')'
		{ $$ = lang_binary(l, T_ALIGN_UP, $3, $5, @5, @$); }
	;

/* Keywords are names too where only a name can stand. */
name:
	  T_IDENT
	| T_STRING
	| keyword			{ $$ = xstrndup(@1.file->buf + @1.off, @1.len); }
	;

keyword:
	  "region" | "map" | "memory" | "bank" | "const" | "size" | "start"
	| "align" | "allocator" | "params" | "base" | "page_size"
	| "reserved" | "reusable" | "no_map" | "alloc_range"
	;

region:
	  /* The name is the model's now: error recovery must not free it. */
	  "region" name			{ lang_region_begin(l, $2, @2); $2 = NULL; }
	  '{' region_fields '}'		{ lang_region_end(l, @$); }
	;

region_fields:
	  %empty
	| region_fields region_field
	;

region_field:
	  "size" '=' expr semi		{ lang_region_number(l, FIELD_SIZE, $3, @3); }
	| "start" '=' expr semi		{ lang_region_number(l, FIELD_START, $3, @3); }
	| "align" '=' expr semi		{ lang_region_number(l, FIELD_ALIGN, $3, @3); }
	| "allocator" '=' name semi	{ lang_region_text(l, FIELD_ALLOCATOR, $3, @3); }
	| "params" '=' T_STRING semi	{ lang_region_text(l, FIELD_PARAMS, $3, @3); }
	| "reusable" semi		{ lang_region_flag(l, FIELD_REUSABLE, @1); }
	| "no_map" semi			{ lang_region_flag(l, FIELD_NO_MAP, @1); }
	| "alloc_range" '=' expr ',' expr semi
					{ lang_region_range(l, $3, $5, @3, @5); }
	| error ';'			{ lang_recover(l); yyerrok; }
	;

memory:
	  "memory" '{' memory_items '}'	{ lang_block_end(l); }
	;

memory_items:
	  %empty
	| memory_items memory_item
	;

memory_item:
	  "page_size" '=' expr semi	{ lang_page_size(l, $3, @3); }
	| "bank" name			{ lang_bank_begin(l, $2, @2, false); $2 = NULL; }
	  '{' bank_fields '}'		{ lang_bank_end(l, @$); }
	| "reserved" name		{ lang_bank_begin(l, $2, @2, true); $2 = NULL; }
	  '{' bank_fields '}'		{ lang_bank_end(l, @$); }
	| error ';'			{ yyerrok; }
	;

bank_fields:
	  %empty
	| bank_fields bank_field
	;

bank_field:
	  "base" '=' expr semi		{ lang_bank_number(l, FIELD_BASE, $3, @3); }
	| "size" '=' expr semi		{ lang_bank_number(l, FIELD_SIZE, $3, @3); }
	| error ';'			{ yyerrok; }
	;

map:
	  "map"				{ lang_map_begin(l, @1); }
	  '{' rules '}'			{ lang_block_end(l); }
	;

rules:
	  %empty
	| rules rule
	;

rule:
	  rule_start patterns "->" targets semi	{ lang_rule_end(l, @$); }
	| error ';'				{ lang_recover(l); yyerrok; }
	;

rule_start:
	  %empty			{ lang_rule_begin(l); }
	;

patterns:
	  pattern
	| patterns ',' pattern
	;

pattern:
	  glob				{ lang_pattern(l, $1, NULL, @$); }
	| glob "kind" glob		{ lang_pattern(l, $1, $3, @$); }
	| glob "kind" "any"		{ lang_pattern(l, $1, xstrdup("*"), @$); }
	| "kind" glob			{ lang_pattern(l, NULL, $2, @$); }
	| "kind" "any"			{ lang_pattern(l, NULL, xstrdup("*"), @$); }
	;

glob:
	  T_WORD
	| T_STRING
	;

targets:
	  target			{ lang_target(l, $1, @1); }
	| targets ',' target		{ lang_target(l, $3, @3); }
	;

target:
	  T_WORD
	| T_STRING
	;

%%

/* What a token is, in the words of cma-map(5). */
static const char *token_words(yysymbol_kind_t sym)
{
	switch (sym) {
	case YYSYMBOL_YYEOF:
		return "the end of the file";
	case YYSYMBOL_T_IDENT:
		return "a name";
	case YYSYMBOL_T_WORD:
		return "a pattern";
	case YYSYMBOL_T_STRING:
		return "a string";
	case YYSYMBOL_T_NUMBER:
		return "a number";
	case YYSYMBOL_T_BAD_CHAR:
		return "a character the language does not use";
	default:
		return NULL;
	}
}

static void describe(struct strbuf *sb, yysymbol_kind_t sym,
		     const struct lang *l)
{
	const char *w = token_words(sym);

	/* In a map, words are patterns before "->" and regions after. */
	if (sym == YYSYMBOL_T_WORD && l->prev_after_arrow)
		w = "a region name";
	const char *name = yysymbol_name(sym);

	/* Characters come quoted ("';'"), keywords bare ("size"). */
	if (w)
		sb_puts(sb, w);
	else if (name[0] == '\'')
		sb_puts(sb, name);
	else
		sb_printf(sb, "'%s'", name);
}

static bool is_char(yysymbol_kind_t sym, char c)
{
	const char *name = yysymbol_name(sym);

	return name[0] == '\'' && name[1] == c && name[2] == '\'';
}

/* Numbers, constants, align_up and '(' read better as one: "an expression". */
static bool starts_operand(yysymbol_kind_t sym)
{
	return sym == YYSYMBOL_T_NUMBER || sym == YYSYMBOL_T_IDENT ||
	       sym == YYSYMBOL_T_ALIGN_UP || is_char(sym, '(');
}

/* An operator may always come next in an expression: not worth saying. */
static bool is_operator(yysymbol_kind_t sym)
{
	return sym == YYSYMBOL_T_SHL || sym == YYSYMBOL_T_SHR ||
	       is_char(sym, '+') || is_char(sym, '-') || is_char(sym, '*') ||
	       is_char(sym, '/') || is_char(sym, '%');
}

static bool expects_expression(const yysymbol_kind_t *expected, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (expected[i] == YYSYMBOL_T_NUMBER)
			return true;
	return false;
}

/* Did the user misspell a keyword we expected? */
static const char *near_keyword(const yysymbol_kind_t *expected, int n,
				const char *word)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *kw = yysymbol_name(expected[i]);

		if (kw[0] == '\'' || token_words(expected[i]) ||
		    expected[i] == YYSYMBOL_YYEOF)
			continue;
		if (edit_distance(word, kw, 2) <= (strlen(kw) > 4 ? 2 : 1))
			return kw;
	}
	return NULL;
}

/* Is word a size suffix, in any case (K, mib, ...)? */
static bool is_suffix_word(const char *w, size_t n)
{
	return (n == 1 || (n == 3 && (w[1] | 0x20) == 'i' && (w[2] | 0x20) == 'b')) &&
	       strchr("KMGTPEkmgtpe", w[0]) && w[0];
}

/*
 * "256 MiB": a number, a space, a suffix.  Said as what it is, with the
 * two joined as the fix, where a missing ';' would otherwise be blamed.
 */
static bool split_suffix(struct lang *l, yysymbol_kind_t tok,
			 struct srcpos at)
{
	const char *buf = at.file->buf;
	struct srcpos both = l->prev;
	char fix[64];
	size_t i;

	if (tok != YYSYMBOL_T_IDENT || !l->prev.file || l->prev.file != at.file ||
	    l->prev.off + l->prev.len >= at.off ||
	    !is_suffix_word(buf + at.off, at.len) ||
	    buf[l->prev.off] < '0' || buf[l->prev.off] > '9' ||
	    l->prev.len + at.len >= sizeof(fix))
		return false;
	for (i = l->prev.off + l->prev.len; i < at.off; i++)
		if (buf[i] != ' ' && buf[i] != '\t')
			return false;
	snprintf(fix, sizeof(fix), "%.*s%c%.*s", (int)l->prev.len,
		 buf + l->prev.off, buf[at.off] & ~0x20, (int)at.len - 1,
		 at.len == 3 ? "iB" : "");
	both.len = at.off + at.len - both.off;
	diag(&l->c->diags, CHECK_SYNTAX, both, fix,
	     "a suffix goes right after its number: '%s', not '%.*s'", fix,
	     (int)both.len, buf + both.off);
	return true;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner,
				 struct lang *l)
{
	yysymbol_kind_t expected[32], tok = yypcontext_token(ctx);
	int n = yypcontext_expected_tokens(ctx, expected, 32), i, count = 0;
	struct srcpos at = *yypcontext_location(ctx);
	struct strbuf items[33], want = { 0 }, found = { 0 };
	bool wants_semi = false, wants_comma = false, operand = false;
	const char *near = NULL;
	char fix[32];

	l->syntax_errors++;
	if (split_suffix(l, tok, at))
		return 0;
	for (i = 0; i < n; i++) {
		wants_semi |= is_char(expected[i], ';');
		wants_comma |= is_char(expected[i], ',');
	}
	/* An allocation range missing the ',' between its two numbers. */
	if (wants_comma && l->prev.file && l->prev_field && l->block_name &&
	    !strcmp(l->prev_field, "allocation range")) {
		struct srcpos after = l->prev;

		after.off += after.len;
		after.len = 0;
		if (is_char(tok, ';'))
			diag(&l->c->diags, CHECK_SYNTAX, after, NULL,
			     "the allocation range of %s '%s' has a base and no size: expected ', SIZE' after it",
			     l->block, l->block_name);
		else
			diag(&l->c->diags, CHECK_SYNTAX, after, ",",
			     "expected ',' between the base and the size of the allocation range of %s '%s'",
			     l->block, l->block_name);
		diag_note(&l->c->diags, srcpos_none(),
			  "an allocation range is 'alloc_range = BASE, SIZE;'");
		return 0;
	}
	/*
	 * Where a ';' would do, a missing one is the likely fault: reported
	 * where it belongs, after the last token, not at the next line.
	 */
	if (wants_semi && l->prev.file) {
		struct srcpos after = l->prev;

		after.off += after.len;
		after.len = 0;
		if (l->prev_field && l->block_name)
			diag(&l->c->diags, CHECK_SYNTAX, after, ";",
			     "expected ';' after the %s of %s '%s'",
			     l->prev_field, l->block, l->block_name);
		else if (l->prev_field)
			diag(&l->c->diags, CHECK_SYNTAX, after, ";",
			     "expected ';' after the %s", l->prev_field);
		else if (l->block && !strcmp(l->block, "map"))
			diag(&l->c->diags, CHECK_SYNTAX, after, ";",
			     "expected ';' at the end of the rule");
		else
			diag(&l->c->diags, CHECK_SYNTAX, after, ";",
			     "expected ';' here");
		return 0;
	}
	memset(items, 0, sizeof(items));
	for (i = 0; i < n; i++) {
		if (expects_expression(expected, n) &&
		    starts_operand(expected[i])) {
			operand = true;
			continue;
		}
		/* Where any keyword is a name, say "a name" once. */
		if (expected[i] != YYSYMBOL_T_IDENT &&
		    yysymbol_name(expected[i])[0] != '\'' &&
		    !token_words(expected[i]) &&
		    expected[i] != YYSYMBOL_YYEOF && n > 12)
			continue;
		/* A string in a map is one more way to write a word. */
		if (expected[i] == YYSYMBOL_T_STRING && l->in_map)
			continue;
		if (is_operator(expected[i]) && n > 7)
			continue;
		describe(&items[count++], expected[i], l);
	}
	if (operand)
		sb_puts(&items[count++], "an expression");
	for (i = 0; i < count; i++) {
		if (i)
			sb_puts(&want, i == count - 1 ? " or " : ", ");
		sb_puts(&want, items[i].buf);
		sb_free(&items[i]);
	}
	if (tok == YYSYMBOL_T_BAD_CHAR) {
		char what[32];

		/* The whole character, where a byte would be half of one. */
		cma_char_words(at.file->buf, at.file->len, at.off, what,
			       sizeof(what));
		sb_puts(&found, what);
	} else if (tok == YYSYMBOL_T_IDENT || tok == YYSYMBOL_T_WORD ||
		   tok == YYSYMBOL_T_NUMBER) {
		sb_printf(&found, "'%.*s'", (int)at.len, at.file->buf + at.off);
	} else {
		describe(&found, tok, l);
	}
	if (tok == YYSYMBOL_T_IDENT) {
		char *word = xstrndup(at.file->buf + at.off, at.len);

		near = near_keyword(expected, n, word);
		free(word);
		if (near)
			snprintf(fix, sizeof(fix), "%s", near);
	}
	if (l->block_name)
		diag(&l->c->diags, CHECK_SYNTAX, at, near ? fix : NULL,
		     "expected %s in %s '%s', not %s",
		     want.buf ? want.buf : "something else", l->block,
		     l->block_name, found.buf);
	else if (l->block)
		diag(&l->c->diags, CHECK_SYNTAX, at, near ? fix : NULL,
		     "expected %s in the %s block, not %s",
		     want.buf ? want.buf : "something else", l->block,
		     found.buf);
	else
		diag(&l->c->diags, CHECK_SYNTAX, at, near ? fix : NULL,
		     "expected %s, not %s", want.buf ? want.buf : "something else",
		     found.buf);
	if (near)
		diag_note(&l->c->diags, srcpos_none(), "did you mean '%s'?", fix);
	sb_free(&want);
	sb_free(&found);
	return 0;
}
