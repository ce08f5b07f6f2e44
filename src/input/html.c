/*
 * html.c - extracts the article of an HTML page with libxml2's HTML
 * parser; the rules are in html.h.
 *
 * Why libxml2: its HTML parser recovers from any tag soup the way browsers
 * roughly do, never fetches anything (HTML_PARSE_NONET) and is already a
 * dependency. The extractor only walks the tree it builds.
 */
#include "input/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Elements whose content is never article text. */
static const char *const skipped_elements[] = {
    "script", "style", "noscript", "nav", "header", "footer", "aside",
    "form", "menu", "figure", "iframe", "svg", "button", "select",
    "template", "object", "embed", "canvas", "input", "textarea", "head",
    "title", "dialog"};

/* Class or id words that mark boilerplate. */
static const char *const boilerplate_words[] = {
    "nav", "menu", "footer", "share", "social", "related", "comment",
    "advert", "ads", "ad", "promo", "cookie", "newsletter", "sidebar",
    "breadcrumb", "subscribe", "banner", "popup", "modal", "masthead",
    "byline", "sponsor", "outbrain", "taboola", "toolbar", "caption",
    "credit", "tags", "pagination"};

/* Elements that end one paragraph and start another. */
static const char *const block_elements[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "section", "article", "main", "pre", "table", "tr", "td",
    "th", "dd", "dt", "dl", "br", "hr", "address", "center"};

/* Meta names/properties that give the publication date, best first. */
static const char *const date_metas[] = {
    "article:published_time", "og:published_time", "datepublished",
    "article:published", "pubdate", "publishdate", "date", "dc.date",
    "dc.date.issued", "dcterms.date", "sailthru.date", "parsely-pub-date"};

static int in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

#define IN_LIST(name, list) in_list((name), (list), sizeof(list) / sizeof *(list))

static const char *elem_name(const xmlNode *node)
{
    return node->type == XML_ELEMENT_NODE && node->name
               ? (const char *)node->name : "";
}

/* A growable text buffer that records allocation failure once. */
typedef struct tbuf {
    W5_VEC(char) s;
    int failed;
} tbuf;

static void tbuf_put(tbuf *b, const char *s, size_t n)
{
    if (b->failed || w5_vec_reserve(&b->s, b->s.n + n + 1)) {
        b->failed = 1;
        return;
    }
    memcpy(b->s.v + b->s.n, s, n);
    b->s.n += n;
    b->s.v[b->s.n] = '\0';
}

typedef struct extractor {
    tbuf text;        /* the paragraphs so far */
    tbuf para;        /* the paragraph being collected, spaces collapsed */
    int para_space;   /* a space is due before the next word */
} extractor;

static void flush_para(extractor *x)
{
    if (x->para.s.n) {
        if (x->text.s.n)
            tbuf_put(&x->text, "\n\n", 2);
        tbuf_put(&x->text, x->para.s.v, x->para.s.n);
    }
    x->para.s.n = 0;
    x->para_space = 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static void add_text(extractor *x, const char *s)
{
    for (const char *p = s; *p;) {
        if (is_space((unsigned char)*p)) {
            x->para_space = 1;
            p++;
            continue;
        }
        const char *start = p;
        while (*p && !is_space((unsigned char)*p))
            p++;
        /* U+00A0 NO-BREAK SPACE (C2 A0) counts as text here; fine. */
        if (x->para_space && x->para.s.n)
            tbuf_put(&x->para, " ", 1);
        x->para_space = 0;
        tbuf_put(&x->para, start, (size_t)(p - start));
    }
}

/* 1 when `word` occurs in `value` at the start of a token or after '-'
 * or '_' and ends at a token end or before '-' or '_'. */
static int has_word(const char *value, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = value; (p = strstr(p, word)); p++) {
        int starts = p == value || p[-1] == ' ' || p[-1] == '-' ||
                     p[-1] == '_';
        char after = p[n];
        int ends = after == '\0' || after == ' ' || after == '-' ||
                   after == '_' || (after >= '0' && after <= '9');
        if (starts && ends)
            return 1;
    }
    return 0;
}

static char *lower_attr(const xmlNode *node, const char *name)
{
    xmlChar *v = xmlGetProp((xmlNode *)node, (const xmlChar *)name);
    if (!v)
        return NULL;
    for (xmlChar *p = v; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (xmlChar)(*p + 32);
    return (char *)v;
}

static int is_boilerplate(const xmlNode *node)
{
    static const char *const attrs[] = {"class", "id", "role"};
    int bad = 0;
    if (IN_LIST(elem_name(node), skipped_elements))
        return 1;
    for (size_t a = 0; a < 3 && !bad; a++) {
        char *v = lower_attr(node, attrs[a]);
        if (!v)
            continue;
        if (a == 2)
            bad = strcmp(v, "navigation") == 0 ||
                  strcmp(v, "banner") == 0 || strcmp(v, "complementary") == 0 ||
                  strcmp(v, "contentinfo") == 0;
        else
            for (size_t i = 0;
                 i < sizeof boilerplate_words / sizeof *boilerplate_words && !bad;
                 i++)
                bad = has_word(v, boilerplate_words[i]);
        xmlFree(v);
    }
    char *hidden = lower_attr(node, "aria-hidden");
    if (hidden) {
        bad |= strcmp(hidden, "true") == 0;
        xmlFree(hidden);
    }
    if (xmlHasProp((xmlNode *)node, (const xmlChar *)"hidden"))
        bad = 1;
    return bad;
}

/* Depth-first walk collecting paragraphs. Iterative, so a page nested
 * thousands of levels deep cannot overflow the stack. */
static void collect_text(extractor *x, xmlNode *root)
{
    xmlNode *node = root;
    while (node) {
        int descend = 0;
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content)
                add_text(x, (const char *)node->content);
        } else if (node->type == XML_ELEMENT_NODE && !is_boilerplate(node)) {
            if (IN_LIST(elem_name(node), block_elements))
                flush_para(x);
            descend = node->children != NULL;
        }
        if (descend) {
            node = node->children;
            continue;
        }
        /* Up until a sibling is found, closing blocks on the way. */
        while (node && node != root && !node->next) {
            node = node->parent;
            if (node && IN_LIST(elem_name(node), block_elements))
                flush_para(x);
        }
        if (!node || node == root)
            break;
        if (IN_LIST(elem_name(node), block_elements))
            flush_para(x);
        node = node->next;
    }
    flush_para(x);
}

/* The first element (document order) named `name`, or with attribute
 * attr == value when name is NULL. Iterative walk. */
static xmlNode *find_element(xmlNode *root, const char *name,
                             const char *attr, const char *value)
{
    xmlNode *node = root;
    while (node) {
        if (node->type == XML_ELEMENT_NODE) {
            if (name && strcmp(elem_name(node), name) == 0)
                return node;
            if (!name) {
                char *v = lower_attr(node, attr);
                int match = v && strcmp(v, value) == 0;
                xmlFree(v);
                if (match)
                    return node;
            }
        }
        if (node->children && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node && node != root && !node->next)
            node = node->parent;
        if (!node || node == root)
            break;
        node = node->next;
    }
    return NULL;
}

static int looks_like_date(const char *s)
{
    if (!s || strlen(s) < 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

/* Copies a string with its whitespace collapsed and trimmed. */
static char *clean_copy(const char *s)
{
    extractor x = {0};
    add_text(&x, s ? s : "");
    if (x.para.failed) {
        w5_vec_free(&x.para.s);
        return NULL;
    }
    if (!x.para.s.v)
        return w5_strndup("", 0);
    return x.para.s.v;
}

/* Looks through <meta> elements for the title and the date. */
static void read_metas(xmlNode *root, char **title, int *title_rank,
                       char **date, int *date_rank)
{
    xmlNode *node = root;
    while (node) {
        if (node->type == XML_ELEMENT_NODE &&
            strcmp(elem_name(node), "meta") == 0) {
            char *key = lower_attr(node, "property");
            if (!key)
                key = lower_attr(node, "name");
            if (!key)
                key = lower_attr(node, "itemprop");
            xmlChar *content = xmlGetProp(node, (const xmlChar *)"content");
            if (key && content) {
                int rank = 1000;
                if (strcmp(key, "og:title") == 0)
                    rank = 0;
                else if (strcmp(key, "twitter:title") == 0)
                    rank = 1;
                if (rank < *title_rank && *content) {
                    free(*title);
                    *title = clean_copy((const char *)content);
                    *title_rank = rank;
                }
                for (int i = 0; i < (int)(sizeof date_metas / sizeof *date_metas);
                     i++)
                    if (strcmp(key, date_metas[i]) == 0 && i < *date_rank &&
                        looks_like_date((const char *)content)) {
                        free(*date);
                        *date = clean_copy((const char *)content);
                        *date_rank = i;
                    }
            }
            xmlFree(key);
            xmlFree(content);
        }
        if (node->children && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node && node != root && !node->next)
            node = node->parent;
        if (!node || node == root)
            break;
        node = node->next;
    }
}

static char *element_text(xmlNode *node)
{
    xmlChar *content = xmlNodeGetContent(node);
    char *s = clean_copy(content ? (const char *)content : "");
    xmlFree(content);
    return s;
}

/* The element holding the article: <article>, <main>, role=main, <body>. */
static xmlNode *content_root(xmlNode *root)
{
    xmlNode *n;
    if ((n = find_element(root, "article", NULL, NULL)) ||
        (n = find_element(root, "main", NULL, NULL)) ||
        (n = find_element(root, NULL, "role", "main")) ||
        (n = find_element(root, "body", NULL, NULL)))
        return n;
    return root;
}

/* libxml2 reads HTML without a declared charset as Latin-1; news pages
 * without one are nearly always UTF-8, so say so unless one is declared. */
static const char *encoding_for(const char *html, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 <= n; i++)
        if ((html[i] == 'c' || html[i] == 'C') &&
            strncmp(html + i + 1, "harset", 6) == 0)
            return NULL;
    return "UTF-8";
}

int w5_html_extract(const char *html, size_t len, w5_html_article *out,
                    w5_error *err)
{
    int title_rank = 1000, date_rank = 1000;
    memset(out, 0, sizeof *out);
    if (!html && len)
        return w5_fail(err, W5_ERR_INVALID, "w5_html_extract: html is NULL");
    if (len > (size_t)0x7FFFFFFF)
        return w5_fail(err, W5_ERR_TOO_LARGE, "HTML page over 2 GB");
    htmlDocPtr doc = NULL;
    if (len > 0)
        doc = htmlReadMemory(html, (int)len, NULL, encoding_for(html, len),
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    extractor x = {0};
    if (root) {
        read_metas(root, &out->title, &title_rank, &out->date, &date_rank);
        xmlNode *body = content_root(root);
        xmlNode *n;
        if (!out->title && (n = find_element(body, "h1", NULL, NULL)))
            out->title = element_text(n);
        if (!out->title && (n = find_element(root, "title", NULL, NULL)))
            out->title = element_text(n);
        if (out->title && !*out->title) {
            free(out->title);
            out->title = NULL;
        }
        if (!out->date && (n = find_element(root, "time", NULL, NULL))) {
            xmlChar *dt = xmlGetProp(n, (const xmlChar *)"datetime");
            if (dt && looks_like_date((const char *)dt))
                out->date = clean_copy((const char *)dt);
            xmlFree(dt);
        }
        collect_text(&x, body);
    }
    if (doc)
        xmlFreeDoc(doc);
    w5_vec_free(&x.para.s);
    if (x.text.failed || x.para.failed) {
        w5_vec_free(&x.text.s);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    out->text = x.text.s.v ? x.text.s.v : w5_strndup("", 0);
    out->text_len = x.text.s.n;
    if (!out->text)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    return W5_OK;
}

void w5_html_article_free(w5_html_article *a)
{
    if (!a)
        return;
    free(a->title);
    free(a->date);
    free(a->text);
    memset(a, 0, sizeof *a);
}

int w5_html_name(const char *name, size_t len)
{
    static const char *const exts[] = {".html", ".htm", ".xhtml"};
    for (size_t i = 0; i < 3; i++) {
        size_t m = strlen(exts[i]);
        if (len < m)
            continue;
        size_t k = 0;
        while (k < m) {
            char c = name[len - m + k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (c != exts[i][k])
                break;
            k++;
        }
        if (k == m)
            return 1;
    }
    return 0;
}
