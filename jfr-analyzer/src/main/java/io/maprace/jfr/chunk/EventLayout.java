package io.maprace.jfr.chunk;

import io.maprace.events.LockWait;
import io.maprace.jfr.events.JfrEventNames;

/**
 * Which fields of one wanted event type the analysis reads, by position: the others are skipped, and reading
 * stops after the last one needed (the event's size gives its end).
 */
final class EventLayout {

    static final int SKIP = 0;
    static final int THREAD = 1;
    static final int STACK = 2;
    static final int CLASS = 3;
    static final int HOLDER = 4;
    static final int ADDRESS = 5;
    static final int TEXT = 6;
    static final int SETTING_ID = 7;
    static final int SETTING_NAME = 8;

    // What an event of the type becomes.
    static final int EXECUTION = 0;
    static final int LOCK = 1;
    static final int THROW = 2;
    static final int DUMP = 3;
    static final int SETTING = 4;
    static final int ALLOCATION = 5;

    final JfrType type;
    final String name;
    /** What the event becomes: one of the constants above. */
    final int kind;
    /** For a {@link #LOCK} event, which wait it is. */
    final LockWait.Kind lockKind;
    /** The type of the holder field (a thread), or null when there is none. */
    final JfrType holderType;
    /**
     * Whether the event is a sample whose fields read simply: times that are longs, the thread, stack and class
     * as pool keys. A sample that is not (a damaged metadata) is read by the general path, which says why.
     */
    final boolean plainSample;
    /**
     * Whether the sample is laid out as every JDK writes it: the start time, then the thread, the stack and (an
     * allocation) the class, one after the other, as the fields read and no other between them.
     */
    final boolean directSample;
    /** The types of the fields read as the thread, the stack and the class, or null where there is none. */
    final JfrType threadType;
    final JfrType stackType;
    final JfrType classType;
    /** The role of each field; the first (and the second when it is the duration) are read apart. */
    final int[] roles;
    final boolean hasDuration;
    final int lastNeeded;
    /** Whether the type has the field its rule would read (a missing one reads as absent, as with the JDK). */
    final boolean hasClass;
    final boolean hasHolder;
    final boolean hasAddress;

    EventLayout(JfrType type) {
        this.type = type;
        this.name = type.name;
        this.roles = new int[type.fieldArray.length];
        this.hasDuration = type.fieldArray.length > 1 && type.fieldArray[1].name().equals("duration");
        int last = 0;
        boolean cls = false;
        boolean holder = false;
        boolean address = false;
        for (int i = hasDuration ? 2 : 1; i < roles.length; i++) {
            int role = role(type.fieldArray[i].name());
            roles[i] = role;
            if (role != SKIP) {
                last = i;
            }
            cls |= role == CLASS;
            holder |= role == HOLDER;
            address |= role == ADDRESS;
        }
        this.lastNeeded = last;
        this.hasClass = cls;
        this.hasHolder = holder;
        this.hasAddress = address;
        this.holderType = fieldType(HOLDER);
        this.threadType = fieldType(THREAD);
        this.stackType = fieldType(STACK);
        this.classType = fieldType(CLASS);
        this.lockKind = name.equals(JfrEventNames.MONITOR_ENTER) ? LockWait.Kind.MONITOR_ENTER
                : name.equals(JfrEventNames.MONITOR_WAIT) ? LockWait.Kind.MONITOR_WAIT
                : name.equals(JfrEventNames.THREAD_PARK) ? LockWait.Kind.PARK : null;
        this.kind = kindOf(name);
        boolean plain = (kind == EXECUTION || kind == ALLOCATION) && roles.length > 0
                && type.fieldOps[0] == Values.LONG && (!hasDuration || type.fieldOps[1] == Values.LONG);
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] != SKIP) {
                plain &= type.fieldArray[i].constantPool() && type.fieldOps[i] == Values.LONG;
            }
        }
        this.plainSample = plain;
        this.directSample = plain && !hasDuration && roles.length > 2 && roles[1] == THREAD && roles[2] == STACK
                && (kind == EXECUTION ? last == 2 : roles.length > 3 && roles[3] == CLASS && last == 3);
    }

    /** The type of the field with this role, or null when there is none. */
    private JfrType fieldType(int role) {
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] == role) {
                return type.fieldTypes[i];
            }
        }
        return null;
    }

    private static int kindOf(String name) {
        switch (name) {
            case JfrEventNames.EXECUTION_SAMPLE: return EXECUTION;
            case JfrEventNames.MONITOR_ENTER:
            case JfrEventNames.MONITOR_WAIT:
            case JfrEventNames.THREAD_PARK: return LOCK;
            case JfrEventNames.EXCEPTION_THROW:
            case JfrEventNames.ERROR_THROW: return THROW;
            case JfrEventNames.THREAD_DUMP: return DUMP;
            case JfrEventNames.ACTIVE_SETTING: return SETTING;
            default: return ALLOCATION;
        }
    }

    private int role(String field) {
        switch (name) {
            case JfrEventNames.EXECUTION_SAMPLE:
                return field.equals("sampledThread") ? THREAD : field.equals("stackTrace") ? STACK : SKIP;
            case JfrEventNames.MONITOR_ENTER:
                return field.equals("previousOwner") ? HOLDER : lockField(field, "monitorClass");
            case JfrEventNames.MONITOR_WAIT:
                return lockField(field, "monitorClass");
            case JfrEventNames.THREAD_PARK:
                return lockField(field, "parkedClass");
            case JfrEventNames.EXCEPTION_THROW:
            case JfrEventNames.ERROR_THROW:
                return field.equals("thrownClass") ? CLASS : field.equals("message") ? TEXT : common(field);
            case JfrEventNames.THREAD_DUMP:
                return field.equals("result") ? TEXT : SKIP;
            case JfrEventNames.ALLOCATION_SAMPLE:
            case JfrEventNames.ALLOCATION_NEW_TLAB:
            case JfrEventNames.ALLOCATION_OUTSIDE_TLAB:
                return field.equals("objectClass") ? CLASS : common(field);
            case JfrEventNames.ACTIVE_SETTING:
                return field.equals("id") ? SETTING_ID : field.equals("name") ? SETTING_NAME
                        : field.equals("value") ? TEXT : SKIP;
            default:
                return SKIP;
        }
    }

    private static int lockField(String field, String classField) {
        return field.equals(classField) ? CLASS : field.equals("address") ? ADDRESS : common(field);
    }

    private static int common(String field) {
        return field.equals("eventThread") ? THREAD : field.equals("stackTrace") ? STACK : SKIP;
    }
}
