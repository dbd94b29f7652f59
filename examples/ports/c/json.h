/* Minimal JSON reader: objects keep key order. */
#ifndef JSON_H
#define JSON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct json {
    jtype t;
    double num;
    char *str;
    int n;              /* items in array/object */
    struct json **items;
    char **keys;        /* object keys */
} json;

static const char *jp;
static void jfail(const char *msg) { fprintf(stderr, "json: %s near '%.30s'\n", msg, jp); exit(2); }
static void jws(void) { while (*jp && isspace((unsigned char)*jp)) jp++; }
static json *jnew(jtype t) { json *v = calloc(1, sizeof *v); v->t = t; return v; }
static json *jparse_value(void);

static char *jparse_string(void) {
    if (*jp != '"') jfail("expected string");
    jp++;
    size_t cap = 16, len = 0; char *s = malloc(cap);
    while (*jp != '"') {
        if (!*jp) jfail("unterminated string");
        char c = *jp++;
        if (c == '\\') {
            char e = *jp++;
            switch (e) {
            case 'n': c = '\n'; break; case 't': c = '\t'; break; case 'r': c = '\r'; break;
            case 'b': c = '\b'; break; case 'f': c = '\f'; break;
            case 'u': { /* keep ASCII only; others as '?' */
                char h[5] = {0}; memcpy(h, jp, 4); jp += 4; long u = strtol(h, NULL, 16);
                c = (u < 128) ? (char)u : '?'; break; }
            default: c = e;
            }
        }
        if (len + 2 > cap) { cap *= 2; s = realloc(s, cap); }
        s[len++] = c;
    }
    jp++;
    s[len] = 0;
    return s;
}

static void jpush(json *v, json *item, char *key) {
    v->items = realloc(v->items, sizeof(json *) * (v->n + 1));
    v->items[v->n] = item;
    if (v->t == J_OBJ) { v->keys = realloc(v->keys, sizeof(char *) * (v->n + 1)); v->keys[v->n] = key; }
    v->n++;
}

static json *jparse_value(void) {
    jws();
    json *v;
    if (*jp == '{') {
        jp++; v = jnew(J_OBJ); jws();
        if (*jp == '}') { jp++; return v; }
        for (;;) {
            jws(); char *k = jparse_string(); jws();
            if (*jp++ != ':') jfail("expected ':'");
            jpush(v, jparse_value(), k); jws();
            if (*jp == ',') { jp++; continue; }
            if (*jp == '}') { jp++; return v; }
            jfail("expected ',' or '}'");
        }
    } else if (*jp == '[') {
        jp++; v = jnew(J_ARR); jws();
        if (*jp == ']') { jp++; return v; }
        for (;;) {
            jpush(v, jparse_value(), NULL); jws();
            if (*jp == ',') { jp++; continue; }
            if (*jp == ']') { jp++; return v; }
            jfail("expected ',' or ']'");
        }
    } else if (*jp == '"') {
        v = jnew(J_STR); v->str = jparse_string(); return v;
    } else if (!strncmp(jp, "true", 4)) { jp += 4; v = jnew(J_BOOL); v->num = 1; return v; }
    else if (!strncmp(jp, "false", 5)) { jp += 5; v = jnew(J_BOOL); return v; }
    else if (!strncmp(jp, "null", 4)) { jp += 4; return jnew(J_NULL); }
    else {
        char *end; v = jnew(J_NUM); v->num = strtod(jp, &end); /* glibc strtod rounds correctly */
        if (end == jp) jfail("bad value");
        jp = end; return v;
    }
}

static json *jparse_file(const char *path) {
    FILE *f = fopen(path, "rb"); if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1); if (fread(buf, 1, n, f) != (size_t)n) { perror(path); exit(2); }
    buf[n] = 0; fclose(f);
    jp = buf;
    return jparse_value();
}

static json *jget(const json *o, const char *key) {
    if (o->t != J_OBJ) { fprintf(stderr, "json: not an object looking for %s\n", key); exit(2); }
    for (int i = 0; i < o->n; i++) if (!strcmp(o->keys[i], key)) return o->items[i];
    return NULL;
}
static json *jreq(const json *o, const char *key) {
    json *v = jget(o, key);
    if (!v) { fprintf(stderr, "json: missing key %s\n", key); exit(2); }
    return v;
}
#endif
