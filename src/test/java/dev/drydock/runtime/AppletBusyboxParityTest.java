package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applet cases over the container filesystem: files, text tools, sed, awk, checksums, errors.
 * Expected stdout, stderr and exit code were recorded from real BusyBox v1.35.0 ({@code busybox sh -c}).
 */
class AppletBusyboxParityTest {
    private static Rig rig;

    @BeforeAll
    static void start() {
        rig = new Rig();
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("cd /tmp && mkdir -p t1/a/b && touch t1/a/f1 t1/a/b/f2 && find t1 | sort && find t1 -type f | sort && find t1 -name 'f*' -type f | sort",
                "t1\nt1/a\nt1/a/b\nt1/a/b/f2\nt1/a/f1\nt1/a/b/f2\nt1/a/f1\nt1/a/b/f2\nt1/a/f1\n",
                "", 0),
            Arguments.of("cd /tmp && rm -rf t2 && mkdir t2 && cd t2 && echo hi > x && cp x y && mv y z && ls && cat z && rm x && ls && rmdir /tmp/t2 ; echo rc=$?",
                "x\nz\nhi\nz\nrc=1\n",
                "rmdir: '/tmp/t2': Directory not empty\n", 0),
            Arguments.of("cd /tmp && mkdir t3 2>/dev/null; mkdir t3; echo rc=$?; rm t3; echo rc=$?; rmdir nonexist; echo rc=$?; rm -rf t3; echo done",
                "rc=1\nrc=1\nrc=1\ndone\n",
                "mkdir: can't create directory 't3': File exists\nrm: 't3' is a directory\nrmdir: 'nonexist': No such file or directory\n", 0),
            Arguments.of("cat /tmp/data.txt | sort | uniq -c; sort -r /tmp/data.txt; sort -u /tmp/data.txt | head -2",
                "      1 a\n      2 b\n      1 c\nc\nb\nb\na\na\nb\n",
                "", 0),
            Arguments.of("wc -l /tmp/data.txt; wc /tmp/data.txt; wc -c < /tmp/data.txt; wc -w /tmp/data.txt /tmp/data.txt",
                "4 /tmp/data.txt\n        4         4         8 /tmp/data.txt\n8\n        4 /tmp/data.txt\n        4 /tmp/data.txt\n        8 total\n",
                "", 0),
            Arguments.of("grep b /tmp/data.txt; grep -c b /tmp/data.txt; grep -v b /tmp/data.txt; grep -n b /tmp/data.txt; grep -q z /tmp/data.txt; echo rc=$?; grep -i B /tmp/data.txt | head -1",
                "b\nb\n2\na\nc\n1:b\n3:b\nrc=1\nb\n",
                "", 0),
            Arguments.of("grep -E 'a|c' /tmp/data.txt; grep 'a\\|c' /tmp/data.txt; grep -o 'b' /tmp/data.txt | wc -l; grep x /nope; echo rc=$?",
                "a\nc\na\nc\n2\nrc=2\n",
                "grep: /nope: No such file or directory\n", 0),
            Arguments.of("echo \"a:b:c\" | cut -d: -f2; echo \"a:b:c\" | cut -d: -f1,3; echo hello | cut -c2-4; printf 'x\\ty\\n' | cut -f2",
                "b\na:c\nell\ny\n",
                "", 0),
            Arguments.of("echo hello | tr a-z A-Z; echo hello | tr -d l; echo \"a   b\" | tr -s ' '; echo abc | tr abc xyz",
                "HELLO\nheo\na b\nxyz\n",
                "", 0),
            Arguments.of("head -n 2 /tmp/data.txt; tail -n 2 /tmp/data.txt; head -1 /tmp/data.txt; tail -1 /tmp/data.txt; tail -n +3 /tmp/data.txt",
                "b\na\nb\nc\nb\nc\nb\nc\n",
                "", 0),
            Arguments.of("echo hello world | sed 's/world/there/'; echo aaa | sed 's/a/b/g'; echo abc | sed -n 's/b/B/p'; printf '1\\n2\\n3\\n' | sed -n '2p'; printf '1\\n2\\n3\\n' | sed '2d'; printf '1\\n2\\n3\\n' | sed '1,2d'",
                "hello there\nbbb\naBc\n2\n1\n3\n3\n",
                "", 0),
            Arguments.of("echo 'a b c' | awk '{print $2}'; echo 'a:b:c' | awk -F: '{print $3, $1}'; printf '1\\n2\\n3\\n' | awk '{s+=$1} END {print s}'; echo x | awk 'BEGIN{print \"start\"} {print NR\": \"$0} END{print \"end\"}'",
                "b\nc a\n6\nstart\n1: x\nend\n",
                "", 0),
            Arguments.of("printf 'a 1\\nb 2\\na 3\\n' | awk '{c[$1]+=$2} END {for (k in c) print k, c[k]}' | sort; echo \"hello\" | awk '{print length($0), toupper($0), substr($0,2,3)}'",
                "a 4\nb 2\n5 HELLO ell\n",
                "", 0),
            Arguments.of("printf 'x y z\\n' | awk '{print NF; $2=\"Y\"; print}'; awk 'BEGIN { printf \"%5.2f|%-4s|%d\\n\", 3.14159, \"ab\", 42 }'; echo 10 | awk '$1 > 5 {print \"big\"} $1 <= 5 {print \"small\"}'",
                "3\nx Y z\n 3.14|ab  |42\nbig\n",
                "", 0),
            Arguments.of("seq 3; seq 2 4; seq 1 2 7; seq -s, 3",
                "1\n2\n3\n2\n3\n4\n1\n3\n5\n7\n1,2,3\n",
                "", 0),
            Arguments.of("basename /a/b/c.txt; basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname c.txt; basename /; dirname /",
                "c.txt\nc\n/a/b\n.\n/\n/\n",
                "", 0),
            Arguments.of("echo 3 4 | xargs echo sum; seq 5 | xargs -n 2 echo; echo x | xargs -I{} echo [{}]",
                "sum 3 4\n1 2\n3 4\n5\n[x]\n",
                "", 0),
            Arguments.of("echo hello | base64; echo aGVsbG8K | base64 -d; echo -n abc | md5sum; echo -n abc | sha256sum",
                "aGVsbG8K\nhello\n900150983cd24fb0d6963f7d28e17f72  -\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n",
                "", 0),
            Arguments.of("expr 1 + 2; expr 5 \\* 3; expr 10 / 3; expr abc : 'a\\(.\\)'; expr length hello",
                "3\n15\n3\nb\n5\n",
                "", 0),
            Arguments.of("printf 'b\\na\\n' > /tmp/s1; sort /tmp/s1 -o /tmp/s2; cat /tmp/s2; tac /tmp/s1; rev < /tmp/s1",
                "a\nb\na\nb\nb\na\n",
                "", 0),
            Arguments.of("cd /tmp && rm -rf l && mkdir l && cd l && echo x > f && ln -s f link && readlink link && cat link && ln -s f link; echo rc=$?",
                "f\nx\nrc=1\n",
                "ln: link: File exists\n", 0),
            Arguments.of("cd /tmp && rm -rf c && mkdir -p c/d && echo 1 > c/d/f && cp -r c c2 && cat c2/d/f && cp c c3; echo rc=$?; rm -r c c2",
                "1\nrc=1\n",
                "cp: omitting directory 'c'\n", 0),
            Arguments.of("cat /nope; echo rc=$?; ls /nope; echo rc=$?; head /nope; echo rc=$?; cp /nope /tmp/x; echo rc=$?; mv /nope /tmp/x; echo rc=$?",
                "rc=1\nrc=1\nrc=1\nrc=1\nrc=1\n",
                "cat: can't open '/nope': No such file or directory\nls: /nope: No such file or directory\nhead: /nope: No such file or directory\ncp: can't stat '/nope': No such file or directory\nmv: can't rename '/nope': No such file or directory\n", 0),
            Arguments.of("cd /tmp && rm -rf m && mkdir m && cd m && touch a b c && ls && ls -1 && echo * && ls -a | head -3",
                "a\nb\nc\na\nb\nc\na b c\n.\n..\na\n",
                "", 0),
            Arguments.of("cd /tmp && echo data > ch && chmod 600 ch && stat -c '%a %n' ch && chmod u+x ch && stat -c '%a' ch && chmod go+r ch && stat -c %a ch && chmod a-x,g-r ch && stat -c %a ch",
                "600 ch\n700\n744\n604\n",
                "", 0),
            Arguments.of("printf '%s\\n' one two | while read l; do echo \"<$l>\"; done",
                "<one>\n<two>\n",
                "", 0),
            Arguments.of("yes | head -3; yes abc | head -n 2",
                "y\ny\ny\nabc\nabc\n",
                "", 0),
            Arguments.of("echo a b c | awk '{ for (i = NF; i > 0; i--) printf \"%s \", $i; print \"\" }'",
                "c b a \n",
                "", 0),
            Arguments.of("env -i FOO=1 env; printenv HOME; printenv NOPE; echo rc=$?",
                "FOO=1\n/root\nrc=1\n",
                "", 0),
            Arguments.of("echo \"x=1\" | sed 's/\\(.*\\)=\\(.*\\)/\\2=\\1/'; echo \"path/to/file\" | sed 's|/|_|g'; echo abc | sed -e 's/a/A/' -e 's/c/C/'",
                "1=x\npath_to_file\nAbC\n",
                "", 0),
            Arguments.of("true | false; echo $?; false | true; echo $?",
                "1\n0\n",
                "", 0),
            Arguments.of("dirname /usr/local/bin/; basename /usr/local/bin/",
                "/usr/local\nbin\n",
                "", 0),
            Arguments.of("echo abc | grep -w abc; echo abcd | grep -w abc; echo rc=$?; echo ABC | grep -x -i abc",
                "abc\nrc=1\nABC\n",
                "", 0),
            Arguments.of("printf 'k2 b\\nk1 a\\nk3 c\\n' | sort -k2; printf '10\\n9\\n100\\n' | sort -n; printf '10\\n9\\n100\\n' | sort",
                "k1 a\nk2 b\nk3 c\n9\n10\n100\n10\n100\n9\n",
                "", 0),
            Arguments.of("echo $(( $(wc -l < /tmp/data.txt) * 2 ))",
                "8\n",
                "", 0),
            Arguments.of("awk -F, 'BEGIN{OFS=\"-\"} {$1=$1; print}' <<X",
                "",
                "", 0),
            Arguments.of("a,b,c",
                "",
                "sh: a,b,c: not found\n", 127),
            Arguments.of("X",
                "",
                "sh: X: not found\n", 127),
            Arguments.of("awk 'NR==2' /tmp/data.txt; awk '/c/' /tmp/data.txt; awk 'NR>1 && NR<4 {print}' /tmp/data.txt",
                "a\nc\na\nb\n",
                "", 0),
            Arguments.of("awk '{ gsub(/b/, \"B\"); print }' /tmp/data.txt; awk '{ n = split($0, a, \"\"); print n }' /tmp/data.txt | head -1; echo \"a,b\" | awk '{split($0, p, \",\"); print p[2]}'",
                "B\na\nB\nc\n1\nb\n",
                "", 0)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesLikeBusybox(String script, String stdout, String stderr, int exitCode) {
        rig.write("/tmp/data.txt", "b\na\nb\nc\n");
        SimRuntime.Result r = rig.sh(script);
        assertThat(r.stdout()).as("stdout").isEqualTo(stdout);
        assertThat(r.stderr()).as("stderr").isEqualTo(stderr);
        assertThat(r.exitCode()).as("exit code").isEqualTo(exitCode);
    }
}
