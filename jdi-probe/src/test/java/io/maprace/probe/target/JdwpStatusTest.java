package io.maprace.probe.target;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdwpStatusTest {

    private static final String AGENT = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";

    @Test
    void listeningFromTheAgentProperty() {
        JdwpStatus s = JdwpStatus.of("-Xmx1g " + AGENT, "dt_socket:41234", 17);
        assertEquals(JdwpStatus.State.LISTENING, s.state());
        assertEquals(41234, s.port());
        assertEquals("127.0.0.1", s.connectHost());
        assertFalse(s.exposed());
    }

    @Test
    void anEmptyListenerAddressMeansADebuggerIsAttached() {
        assertEquals(JdwpStatus.State.BUSY, JdwpStatus.of(AGENT, "", 17).state());
    }

    @Test
    void dormantUntilStartedWithJcmd() {
        JdwpStatus s = JdwpStatus.of(AGENT + ",onjcmd=y", null, 17);
        assertEquals(JdwpStatus.State.DORMANT, s.state());
    }

    @Test
    void absentClientAndOldJdkWithAFixedPort() {
        assertEquals(JdwpStatus.State.ABSENT, JdwpStatus.of("-Xmx1g", null, 17).state());
        assertEquals(JdwpStatus.State.ABSENT, JdwpStatus.of(null, null, 17).state());
        assertEquals(JdwpStatus.State.CLIENT,
                JdwpStatus.of("-agentlib:jdwp=transport=dt_socket,server=n,address=ide:5005", null, 17).state());
        JdwpStatus jdk8 = JdwpStatus.of("-Xrunjdwp:transport=dt_socket,server=y,address=5005", null, 8);
        assertEquals(JdwpStatus.State.LISTENING, jdk8.state());
        assertEquals(5005, jdk8.port());
        assertTrue(jdk8.exposed(), "JDK 8 binds a bare port to every interface");
    }

    @Test
    void exposureOfTheListenAddress() {
        assertTrue(JdwpStatus.of("-agentlib:jdwp=transport=dt_socket,server=y,address=*:5005", "dt_socket:5005", 17)
                .exposed());
        assertTrue(JdwpStatus.of("-agentlib:jdwp=transport=dt_socket,server=y,address=0.0.0.0:5005", "dt_socket:5005",
                21).exposed());
        assertFalse(JdwpStatus.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "dt_socket:5005", 17)
                .exposed(), "JDK 9+ binds a bare port to localhost");
        assertFalse(JdwpStatus.of("-agentlib:jdwp=transport=dt_socket,server=y,address=*:5005,allow=127.0.0.1",
                "dt_socket:5005", 17).exposed());
        assertEquals("127.0.0.1", JdwpStatus.of("-agentlib:jdwp=transport=dt_socket,server=y,address=*:5005",
                "dt_socket:5005", 17).connectHost());
    }

    @Test
    void theFlagFitsTheJdk() {
        String plain = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
        assertEquals(plain, JdwpStatus.flagFor(11));
        assertEquals(plain + ",onjcmd=y", JdwpStatus.flagFor(12));
        assertEquals(plain + ",onjcmd=y", JdwpStatus.flagFor(17));
        assertEquals(plain + ",onjcmd=y", JdwpStatus.flagFor(23));
        assertEquals(plain, JdwpStatus.flagFor(24), "JDK 24 removed onjcmd and refuses to start with it");
        assertEquals(plain, JdwpStatus.flagFor(25));
    }

    @Test
    void featureVersions() {
        assertEquals(17, JvmDescriptor.featureOf("17.0.15"));
        assertEquals(8, JvmDescriptor.featureOf("1.8.0_392"));
        assertEquals(25, JvmDescriptor.featureOf("25"));
        assertEquals(21, JvmDescriptor.featureOf("21-ea"));
        assertEquals(0, JvmDescriptor.featureOf(null));
    }
}
