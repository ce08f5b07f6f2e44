/*
 * html.h - the article in an HTML page: title, date and body text.
 *
 * libxml2's forgiving HTML parser builds the tree (any bytes give some
 * tree; nothing is fetched from the network). Then:
 *   title  og:title / twitter:title meta, else <h1> inside the article,
 *          else <title>;
 *   date   article:published_time, og:published_time, datePublished,
 *          date, DC.date, pubdate, sailthru.date meta, else the first
 *          <time datetime=...>; kept when it starts with YYYY-MM-DD;
 *   text   the paragraphs of <article> (or <main>, or the element with
 *          role="main", or <body>), one paragraph per block element,
 *          separated by blank lines, leaving out script, style, nav,
 *          header, footer, aside, form, menus, figures and any element
 *          whose class or id names boilerplate ("nav", "menu", "footer",
 *          "share", "social", "related", "comment", "advert", "promo",
 *          "cookie", "newsletter", "sidebar", "breadcrumb", "subscribe").
 * Whitespace inside a paragraph is collapsed to single spaces.
 */
#ifndef W5_HTML_H
#define W5_HTML_H

#include <stddef.h>

#include "w5.h"

typedef struct w5_html_article {
    char *title;  /* NULL when none found */
    char *date;   /* YYYY-MM-DD or a full ISO timestamp; NULL when none */
    char *text;   /* never NULL on success (may be "") */
    size_t text_len;
} w5_html_article;

/* Extracts the article from `len` bytes of HTML. Free with
 * w5_html_article_free (also after a failure). */
int w5_html_extract(const char *html, size_t len, w5_html_article *out,
                    w5_error *err);
void w5_html_article_free(w5_html_article *a);

/* 1 when the name ends in .html, .htm or .xhtml (case-insensitive);
 * `len` is the name length to look at (without .gz or .zst). */
int w5_html_name(const char *name, size_t len);

#endif
