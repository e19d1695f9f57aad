package dev.pier.image.sign;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One PEM block (RFC 7468): a label such as {@code PUBLIC KEY} and the DER bytes it holds. */
record Pem(String label, byte[] der) {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final int MAX_TEXT = 64 * 1024;

    Pem {
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The first PEM block of {@code text}; {@code what} names the file in messages. */
    static Pem parse(byte[] text, String what) {
        if (text.length > MAX_TEXT) {
            throw new SignatureException(what + ": " + text.length + " bytes is too large for a PEM key");
        }
        Matcher m = BLOCK.matcher(new String(text, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new SignatureException(what + ": not a PEM file (no -----BEGIN ...----- / -----END ...----- block)");
        }
        try {
            return new Pem(m.group(1), Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
            throw new SignatureException(what + ": malformed base64 in the " + m.group(1) + " block", e);
        }
    }

    /** The block as text, base64 in lines of 64 characters, ending with a newline. */
    String encode() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
