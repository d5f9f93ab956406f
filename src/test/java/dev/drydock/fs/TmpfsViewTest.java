package dev.drydock.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** tmpfs size limits as the kernel counts them: whole 4 KiB pages of file data, ENOSPC past the limit. */
class TmpfsViewTest {

    @Test
    void writesPastTheSizeFailWithEnospcAfterFillingIt() throws Exception {
        try (FileSystem jimfs = JimfsFactory.newFileSystem("tmpfs-test")) {
            Path dir = Files.createDirectories(jimfs.getPath("/t"));
            TmpfsView t = new TmpfsView(new PathFsView(dir), 10_000);
            assertThat(t.sizeBytes()).isEqualTo(12_288);
            t.writeAll("/small", new byte[100]);
            assertThat(t.usedBytes()).isEqualTo(4096);
            try (OutputStream out = t.write("/big", false)) {
                assertThatThrownBy(() -> out.write(new byte[20_000])).isInstanceOf(FsException.class)
                        .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.ENOSPC));
            }
            assertThat(t.stat("/big", true).orElseThrow().size()).isEqualTo(8192);
            assertThat(t.usedBytes()).isEqualTo(12_288);

            t.delete("/big");
            t.writeAll("/again", new byte[8192]);
            assertThat(t.usedBytes()).isEqualTo(12_288);
        }
    }

    @Test
    void noSizeMeansNoLimit() throws Exception {
        try (FileSystem jimfs = JimfsFactory.newFileSystem("tmpfs-test2")) {
            TmpfsView t = new TmpfsView(new PathFsView(Files.createDirectories(jimfs.getPath("/t"))), 0);
            t.writeAll("/f", new byte[1 << 20]);
            assertThat(t.usedBytes()).isEqualTo(1 << 20);
        }
    }
}
