package dev.drydock.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What one connection puts on the two interfaces it joins, frame by frame. */
class WireTest {
    private final InterfaceCounters client = new InterfaceCounters();
    private final InterfaceCounters server = new InterfaceCounters();

    @Test
    void aRequestAndAReplyCountOnBothEndsAlike() throws IOException {
        VirtualConnection[] pair = VirtualConnection.pair("10.0.0.2:40000", "10.0.0.3:80");
        Wire wire = new Wire(client, server);
        wire.handshake();
        VirtualConnection c = new CountedConnection(pair[0], wire, true, false);
        VirtualConnection s = new CountedConnection(pair[1], wire, false, false);
        c.output().write(new byte[100]);
        s.output().write(new byte[3000]);
        assertThat(s.input().readNBytes(100)).hasSize(100);
        assertThat(c.input().readNBytes(3000)).hasSize(3000);
        c.close();
        s.close();
        // In: SYN-ACK, the reply's 3 segments, the ACK of the request, the server's FIN, the ACK of the client's.
        // Out: SYN, ACK, the request's segment, 2 delayed ACKs for 3 segments, FIN, the ACK of the server's FIN.
        assertThat(client.snapshot()).isEqualTo(new InterfaceCounters.Snapshot(
                74 + (3000 + 3 * 66) + 66 + 66 + 66, 1 + 3 + 1 + 1 + 1,
                74 + 66 + (100 + 66) + 2 * 66 + 66 + 66, 1 + 1 + 1 + 2 + 1 + 1));
        InterfaceCounters.Snapshot cs = client.snapshot();
        InterfaceCounters.Snapshot ss = server.snapshot();
        assertThat(ss.rxBytes()).isEqualTo(cs.txBytes());
        assertThat(ss.rxPackets()).isEqualTo(cs.txPackets());
        assertThat(ss.txBytes()).isEqualTo(cs.rxBytes());
        assertThat(ss.txPackets()).isEqualTo(cs.rxPackets());
    }

    @Test
    void aConnectionClosesOnceAndLoopbackCountsEachFrameBothWays() throws IOException {
        InterfaceCounters lo = new InterfaceCounters();
        VirtualConnection[] pair = VirtualConnection.pair("127.0.0.1:40000", "127.0.0.1:80");
        Wire wire = new Wire(lo, lo);
        wire.handshake();
        VirtualConnection c = new CountedConnection(pair[0], wire, true, false);
        c.shutdownOutput();
        c.close();
        c.output().close();
        InterfaceCounters.Snapshot s = lo.snapshot();
        assertThat(s.txPackets()).as("SYN, SYN-ACK, ACK, two FINs and their ACKs").isEqualTo(7);
        assertThat(s.rxPackets()).isEqualTo(s.txPackets());
        assertThat(s.rxBytes()).isEqualTo(s.txBytes()).isEqualTo(74 + 74 + 66 + 4 * 66);
    }

    @Test
    void aRefusedConnectionIsASynAndAReset() {
        new Wire(client, null).refused();
        assertThat(client.snapshot()).isEqualTo(new InterfaceCounters.Snapshot(54, 1, 74, 1));
    }
}
