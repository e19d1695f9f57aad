package dev.pier.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs a URL until it answers 200 (a server in a container takes a moment to listen). */
final class HttpPoll {
    private HttpPoll() {}

    /** The body of the first 200 answer within about 20 seconds; fails otherwise. */
    static String get(String url) throws InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            Exception last = null;
            for (int i = 0; i < 100; i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return r.body();
                    }
                } catch (IOException e) {
                    last = e;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("no answer from " + url, last);
        }
    }
}
