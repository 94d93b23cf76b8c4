package io.prunesweep.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * A Kryo serializer that writes a record with Java serialisation (Kryo 4's field serializer cannot build
 * records: final fields, canonical constructor) and reads it back only through {@link ShippedTypeFilter}.
 * Each value is one self-contained, length-prefixed Java stream, so a stream's limits apply per value and
 * a malformed value cannot leave state behind for the next. Classes are resolved through Kryo's class
 * loader (the application jar's on an executor) without running their static initialisers.
 */
public final class FilteredJavaSerializer extends Serializer<Object> {
    @Override
    public void write(Kryo kryo, Output output, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new KryoException("cannot Java-serialise " + value.getClass().getName(), e);
        }
        output.writeInt(bytes.size(), true);
        output.writeBytes(bytes.toByteArray());
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<Object> type) {
        int length = input.readInt(true);
        if (length < 0 || length > ShippedTypeFilter.MAX_BYTES) {
            throw new KryoException("Java-serialised value of " + length + " bytes refused");
        }
        byte[] bytes = input.readBytes(length);
        String[] refused = {null};
        Object value;
        try (ObjectInputStream in = new LoaderStream(new ByteArrayInputStream(bytes), kryo.getClassLoader())) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = ShippedTypeFilter.INSTANCE.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    refused[0] = info.serialClass() != null
                            ? "class " + info.serialClass().getName() + " is not on prunesweep's allow-list"
                            : "stream exceeds a limit (depth " + info.depth() + ", references " + info.references()
                                    + ", array length " + info.arrayLength() + ")";
                }
                return status;
            });
            value = in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new KryoException("refused Java-serialised " + type.getName() + ": "
                    + (refused[0] != null ? refused[0] + " (filter status: REJECTED)" : e.toString()), e);
        }
        if (!type.isInstance(value)) {
            throw new KryoException("expected " + type.getName() + ", stream holds " + value.getClass().getName());
        }
        return value;
    }

    /** Resolves classes through a given loader, without initialising them. */
    private static final class LoaderStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
