package io.maprace.probe.watch.sites;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a compiled test class into the form JDI gives: constant pool bytes and method code only. */
final class ClassFiles {

    private ClassFiles() {
    }

    static RawClass raw(Class<?> type) throws IOException {
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        byte[] file;
        try (InputStream in = type.getResourceAsStream(resource)) {
            file = in.readAllBytes();
        }
        int count = ((file[8] & 0xff) << 8) | (file[9] & 0xff);
        ConstantPool probe = ConstantPool.parse(count, Arrays.copyOfRange(file, 10, file.length));
        byte[] poolBytes = Arrays.copyOfRange(file, 10, 10 + probe.length());
        ConstantPool pool = ConstantPool.parse(count, poolBytes);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(file, 10 + probe.length(),
                file.length));
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        in.skipBytes(2 * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        List<RawClass.RawMethod> methods = new ArrayList<>();
        int count2 = in.readUnsignedShort();
        for (int i = 0; i < count2; i++) {
            int access = in.readUnsignedShort();
            String name = pool.utf8(in.readUnsignedShort());
            String desc = pool.utf8(in.readUnsignedShort());
            byte[] code = null;
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                String attr = pool.utf8(in.readUnsignedShort());
                int len = in.readInt();
                if (attr.equals("Code")) {
                    in.skipBytes(4);
                    code = new byte[in.readInt()];
                    in.readFully(code);
                    in.skipBytes(len - 8 - code.length);
                } else {
                    in.skipBytes(len);
                }
            }
            methods.add(new RawClass.RawMethod(name, desc, access, code));
        }
        return new RawClass(type.getName(), pool, methods);
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attrs = in.readUnsignedShort();
        for (int a = 0; a < attrs; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
