package dev.pier.examples.hello;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;

/** A tiny JSON web service on the JDK's HTTP server: {@code GET /hello?name=x}. Port from {@code $PORT}, default 8080. */
public final class HelloWeb {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HelloWeb() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hello", HelloWeb::hello);
        server.start();
        System.out.println("hello-web listening on " + port);
    }

    private static void hello(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        String name = query != null && query.startsWith("name=") ? query.substring(5) : "world";
        byte[] body = JSON.writeValueAsBytes(Map.of("greeting", "hello, " + name, "java", Runtime.version().toString()));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
