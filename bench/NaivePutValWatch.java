import com.sun.jdi.Bootstrap;
import com.sun.jdi.Field;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;

import java.util.Map;

/**
 * The naive way to watch one map's writes, as a baseline for bench/watch.sh: a breakpoint in HashMap.putVal
 * filtered on the map instance, every event resumed at once.
 *
 *   java bench/NaivePutValWatch.java PORT OWNER_CLASS STATIC_FIELD SECONDS
 */
public class NaivePutValWatch {
    public static void main(String[] args) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> a = socket.defaultArguments();
        a.get("hostname").setValue("127.0.0.1");
        a.get("port").setValue(args[0]);
        VirtualMachine vm = socket.attach(a);
        try {
            ReferenceType owner = vm.classesByName(args[1]).get(0);
            Field field = owner.fieldByName(args[2]);
            ObjectReference map = (ObjectReference) owner.getValue(field);
            ReferenceType hashMap = vm.classesByName("java.util.HashMap").get(0);
            Method putVal = hashMap.methodsByName("putVal").get(0);
            BreakpointRequest bp = vm.eventRequestManager().createBreakpointRequest(putVal.location());
            bp.addInstanceFilter(map);
            bp.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            bp.enable();
            System.out.println("watching");
            System.out.flush();
            long hits = 0;
            long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
            while (System.nanoTime() < end) {
                EventSet set = vm.eventQueue().remove(100);
                if (set != null) {
                    hits += set.size();
                    set.resume();
                }
            }
            vm.eventRequestManager().deleteEventRequest(bp);
            System.out.println("hits=" + hits);
        } finally {
            vm.dispose();
        }
    }
}
