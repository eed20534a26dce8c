/* test_sha256.c - pins down sha256.c: the FIPS 180-4 example digests on both
 * block functions, and the SHA-NI one agreeing with the portable one on every
 * length, alignment and way of splitting the input into updates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

/* ---- helpers ---- */

static void digest_hex(const void *data, size_t len, char hex[65])
{
    struct sha256 h;
    unsigned char digest[32];
    sha256_init(&h);
    sha256_update(&h, data, len);
    sha256_final(&h, digest);
    sha256_hex(digest, hex);
}

static void expect_digest(const char *what, const void *data, size_t len, const char *expected)
{
    char hex[65];
    digest_hex(data, len, hex);
    if (strcmp(hex, expected) != 0) fail_msg("sha256(%s) = %s; expected %s", what, hex, expected);
}

/* The same bytes on every run: a small linear congruential generator. */
static void fill(unsigned char *p, size_t len, uint32_t seed)
{
    for (size_t i = 0; i < len; i++) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = (unsigned char)(seed >> 24);
    }
}

/* Skips the test when this CPU (or valgrind's view of it) has no SHA-NI:
 * there is then only one block function to compare. */
static void need_sha_ni(void)
{
    if (!sha256_force_portable(0)) {
        print_message("no SHA-NI on this CPU (or under valgrind): only the portable path ran\n");
        skip();
    }
}

/* ---- the FIPS 180-4 examples, on whichever path is forced ---- */

static const char million_a[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void expect_fips_examples(void)
{
    expect_digest("\"\"", "", 0,
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_digest("\"abc\"", "abc", 3,
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_digest("the 448-bit message", two_blocks, strlen(two_blocks),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

    /* one million 'a', in one update and in updates of 1000 */
    unsigned char *a = malloc(1000000);
    assert_non_null(a);
    memset(a, 'a', 1000000);
    expect_digest("one million 'a'", a, 1000000, million_a);
    struct sha256 h;
    unsigned char digest[32];
    char hex[65];
    sha256_init(&h);
    for (int i = 0; i < 1000; i++)
        sha256_update(&h, a + 1000 * i, 1000);
    sha256_final(&h, digest);
    sha256_hex(digest, hex);
    assert_string_equal(hex, million_a);
    free(a);
}

static void test_fips_examples_portable(void **state)
{
    (void)state;
    sha256_force_portable(1);
    expect_fips_examples();
    sha256_force_portable(0);
}

static void test_fips_examples_fastest(void **state)
{
    (void)state;
    print_message("fastest block function: %s\n", sha256_force_portable(0) ? "SHA-NI" : "portable");
    expect_fips_examples();
}

/* ---- SHA-NI against the portable block function ---- */

static void test_sha_ni_agrees_on_every_length_and_alignment(void **state)
{
    (void)state;
    need_sha_ni();
    unsigned char buf[300 + 16];
    fill(buf, sizeof buf, 1);
    for (size_t offset = 0; offset < 4; offset++) {
        for (size_t len = 0; len <= 300; len++) {
            char portable[65], sha_ni[65];
            sha256_force_portable(1);
            digest_hex(buf + offset, len, portable);
            sha256_force_portable(0);
            digest_hex(buf + offset, len, sha_ni);
            if (strcmp(portable, sha_ni) != 0)
                fail_msg("length %zu at offset %zu: SHA-NI %s, portable %s", len, offset, sha_ni,
                         portable);
        }
    }
}

static void test_sha_ni_agrees_on_updates_split_anywhere(void **state)
{
    (void)state;
    need_sha_ni();
    enum { LEN = 200 };
    unsigned char msg[LEN];
    char portable[65], hex[65];
    unsigned char digest[32];
    struct sha256 h;
    fill(msg, LEN, 2);
    sha256_force_portable(1);
    digest_hex(msg, LEN, portable);
    sha256_force_portable(0);

    for (size_t cut = 0; cut <= LEN; cut++) {
        sha256_init(&h);
        sha256_update(&h, msg, cut);
        sha256_update(&h, msg + cut, LEN - cut);
        sha256_final(&h, digest);
        sha256_hex(digest, hex);
        if (strcmp(hex, portable) != 0)
            fail_msg("split at %zu: %s; the whole message gives %s", cut, hex, portable);
    }

    sha256_init(&h);
    for (size_t i = 0; i < LEN; i++)
        sha256_update(&h, msg + i, 1);
    sha256_final(&h, digest);
    sha256_hex(digest, hex);
    if (strcmp(hex, portable) != 0)
        fail_msg("one byte at a time: %s; the whole message gives %s", hex, portable);
}

static void test_sha_ni_agrees_on_a_megabyte_of_random_bytes(void **state)
{
    (void)state;
    need_sha_ni();
    size_t len = (1 << 20) + 37;
    unsigned char *buf = malloc(len);
    assert_non_null(buf);
    fill(buf, len, 3);
    char portable[65], sha_ni[65];
    sha256_force_portable(1);
    digest_hex(buf, len, portable);
    sha256_force_portable(0);
    digest_hex(buf, len, sha_ni);
    assert_string_equal(sha_ni, portable);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_examples_portable),
        cmocka_unit_test(test_fips_examples_fastest),
        cmocka_unit_test(test_sha_ni_agrees_on_every_length_and_alignment),
        cmocka_unit_test(test_sha_ni_agrees_on_updates_split_anywhere),
        cmocka_unit_test(test_sha_ni_agrees_on_a_megabyte_of_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
