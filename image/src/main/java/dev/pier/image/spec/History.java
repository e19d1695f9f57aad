package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of an image config's history; {@code empty_layer} marks steps that added no layer. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record History(
        String created,
        @JsonProperty("created_by") String createdBy,
        String author,
        String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer) {

    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}
