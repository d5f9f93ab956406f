package dev.drydock.runtime;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * awk getline, sed branching and the hold space, diff, od, hexdump, xxd and dd. Expected stdout, stderr and exit
 * code were recorded from real BusyBox v1.35.0 ({@code busybox sh -c} in /tmp, as the busybox image ships it).
 */
class EditAndDumpAppletsParityTest extends BusyboxParity {
    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("printf '1\\n2\\n3\\n4\\n' | awk '{getline; print}'; printf '1\\n2\\n3\\n' | awk '{getline x; print $0, x}'",
                "2\n4\n1 2\n3 2\n",
                "", 0),
            Arguments.of("awk 'BEGIN{while ((getline line < \"/tmp/data.txt\") > 0) print \"L:\" line; print getline x < \"/nope\"}'",
                "L:b\nL:a\nL:b\nL:c\n-1\n",
                "", 0),
            Arguments.of("awk 'BEGIN{\"echo hi\" | getline v; print v; \"echo a b\" | getline; print $2; print NR; close(\"echo hi\")}'",
                "hi\nb\n0\n",
                "", 0),
            Arguments.of("awk 'BEGIN{getline; print \"first:\" $0} {print NR\": \"$0}' /tmp/data.txt; printf 'a\\nb\\n' | awk 'NR==1{ getline; print \"got\", $0, NR } END { print NR }'",
                "first:b\n2: a\n3: b\n4: c\ngot b 2\n2\n",
                "", 0),
            Arguments.of("printf 'a\\nb\\nc\\n' | sed ':a;N;$!ba;s/\\n/,/g'; printf 'aaa\\n' | sed -e ':x' -e 's/a/b/' -e 'tx'; printf 'foo\\nbar\\n' | sed '/foo/b end; s/.*/X/; :end'",
                "a,b,c\nbbb\nfoo\nX\n",
                "", 0),
            Arguments.of("printf 'a b\\nc\\n' | sed 's/ /\\n/;P;D'; printf 'a\\n\\n\\nb\\n\\nc\\n' | sed '/^$/N;/\\n$/D'; printf '1\\n2\\n3\\n' | sed '1!G;h;$!d'",
                "a\nb\nc\na\n\nb\n\nc\n3\n2\n1\n",
                "", 0),
            Arguments.of("printf 'x1\\ny\\nx2\\n' | sed -e '/x/{s/x/X/;t done' -e 's/^/no/;:done' -e '}'; printf 'ab\\n' | sed 's/x/y/;T;s/a/A/'; printf 'ab\\n' | sed 's/a/y/;Tend;s/b/B/;:end'",
                "X1\ny\nX2\nab\nyB\n",
                "", 0),
            Arguments.of("printf 'a\\nb\\nc\\nd\\n' | sed -n 'h;n;G;p'; printf 'a\\nb\\n' | sed 'x;${p;x}'; printf '1\\n2\\n3\\n4\\n5\\n' | sed '$!N;s/\\n/-/'",
                "b\na\nd\nc\n\na\nb\n1-2\n3-4\n5\n",
                "", 0),
            Arguments.of("printf 'a\\n' | sed 's/a/&&/w /tmp/w.txt'; cat /tmp/w.txt; printf '1\\n2\\n3\\n' | sed -n '/2/w /tmp/w2'; cat /tmp/w2; printf 'a\\n' | sed 'bx'; echo rc=$?",
                "aa\naa\n2\nrc=1\n",
                "sed: can't find label for jump to 'x'\n", 0),
            Arguments.of("printf 'a\\nb\\nc\\nd\\n' > /tmp/f1; printf 'a\\nB\\nc\\nd\\ne\\n' > /tmp/f2; diff /tmp/f1 /tmp/f2; echo rc=$?; diff -u /tmp/f2 /tmp/f1; diff /tmp/f1 /tmp/f1; echo rc=$?; diff -q /tmp/f1 /tmp/f2; diff /tmp/f1 /nope; echo rc=$?",
                "--- /tmp/f1\n+++ /tmp/f2\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\nrc=1\n--- /tmp/f2\n+++ /tmp/f1\n@@ -1,5 +1,4 @@\n a\n-B\n+b\n c\n d\n-e\nrc=0\nFiles /tmp/f1 and /tmp/f2 differ\nrc=2\n",
                "diff: can't stat '/nope': No such file or directory\n", 0),
            Arguments.of("seq 1 20 > /tmp/g1; seq 1 20 | sed 's/^10$/X/; s/^2$/Y/' > /tmp/g2; diff -u /tmp/g1 /tmp/g2; diff -U1 /tmp/g1 /tmp/g2; printf 'a\\nb\\n' | diff - /tmp/g1 | head -3",
                "--- /tmp/g1\n+++ /tmp/g2\n@@ -1,5 +1,5 @@\n 1\n-2\n+Y\n 3\n 4\n 5\n@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+X\n 11\n 12\n 13\n--- /tmp/g1\n+++ /tmp/g2\n@@ -1,3 +1,3 @@\n 1\n-2\n+Y\n 3\n@@ -9,3 +9,3 @@\n 9\n-10\n+X\n 11\n--- -\n+++ /tmp/g1\n@@ -1,2 +1,20 @@\n",
                "", 0),
            Arguments.of("printf '' > /tmp/e; printf 'a' > /tmp/nn; printf 'a\\nb\\n' > /tmp/f3; diff -u /tmp/e /tmp/f3; diff -u /tmp/nn /tmp/f3; diff /tmp/f3 /tmp/nn",
                "--- /tmp/e\n+++ /tmp/f3\n@@ -0,0 +1,2 @@\n+a\n+b\n--- /tmp/nn\n+++ /tmp/f3\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n--- /tmp/f3\n+++ /tmp/nn\n@@ -1,2 +1 @@\n-a\n-b\n+a\n\\ No newline at end of file\n",
                "", 1),
            Arguments.of("printf 'hi\\tx\\n\\001' | od -c; printf 'hi\\tx\\n' | od -x; printf 'hi\\tx\\n' | od -An -tx1; printf 'hi\\tx\\n' | od; head -c 64 /dev/zero | od -x; printf abc | od -c -An",
                "0000000   h   i  \\t   x  \\n 001\n0000006\n0000000 6968 7809 000a\n0000005\n 68 69 09 78 0a\n0000000 064550 074011 000012\n0000005\n0000000 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0000100\n   a   b   c\n",
                "", 0),
            Arguments.of("printf '\\000\\a\\b\\f\\r\\v ' | od -c; printf ab | od -Ax -tx1; printf abcd | od -tu1; printf abcd | od -td1; printf ab | od -tx2",
                "0000000  \\0  \\a  \\b  \\f  \\r  \\v    \n0000007\n000000 61 62\n000002\n0000000  97  98  99 100\n0000004\n0000000   97   98   99  100\n0000004\n0000000 6261\n0000002\n",
                "", 0),
            Arguments.of("printf 'hello world, this is a hexdump\\n\\000\\001' | hexdump -C; head -c 48 /dev/zero | hexdump -C; printf '' | hexdump -C; printf abc | hexdump",
                "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|\n00000010  73 20 69 73 20 61 20 68  65 78 64 75 6d 70 0a 00  |s is a hexdump..|\n00000020  01                                                |.|\n00000021\n00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000030\n0000000 6261 0063                              \n0000003\n",
                "", 0),
            Arguments.of("printf 'hello world, this is xxd\\n' | xxd; printf 'abcdefghijklmnopqrstuvwxyz' | xxd -p",
                "00000000: 6865 6c6c 6f20 776f 726c 642c 2074 6869  hello world, thi\n00000010: 7320 6973 2078 7864 0a                   s is xxd.\n6162636465666768696a6b6c6d6e6f707172737475767778797a\n",
                "", 0),
            Arguments.of("head -c 3000 /dev/zero > /tmp/z; dd if=/tmp/z of=/dev/null bs=1000; dd if=/tmp/z of=/tmp/z2 bs=1024 count=2; wc -c < /tmp/z2; echo hello | dd bs=2 skip=1 2>/dev/null; dd if=/nope; echo rc=$?; dd bs=1x; echo rc=$?; echo abc | dd status=none",
                "2048\nllo\nrc=1\nrc=1\nabc\n",
                "3+0 records in\n3+0 records out\n2+0 records in\n2+0 records out\ndd: can't open '/nope': No such file or directory\ndd: invalid number '1x'\n", 0)

        );
    }
}
