import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;

/** The baseline of the analyze benchmark: a bare RecordingFile loop that reads every event and every stack. */
public class ReadAllStacks {
    public static void main(String[] args) throws Exception {
        long events = 0;
        long frames = 0;
        try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                events++;
                if (e.getStackTrace() != null) {
                    for (RecordedFrame fr : e.getStackTrace().getFrames()) {
                        frames += fr.getLineNumber() >= 0 ? 1 : 0;
                    }
                }
            }
        }
        System.out.println(events + " events, " + frames + " frames");
    }
}
