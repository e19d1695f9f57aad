package dev.pier.image.remote;

import dev.pier.image.remote.http.ResponseHeaders;

/** A registry's answer read whole: status, headers, body (small answers only: JSON, errors, manifests). */
public record BytesResponse(int statusCode, ResponseHeaders headers, byte[] body) {}
