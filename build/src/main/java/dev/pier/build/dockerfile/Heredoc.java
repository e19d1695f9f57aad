package dev.pier.build.dockerfile;

/**
 * A here-document of RUN, COPY or ADD ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}).
 *
 * @param name the delimiter word
 * @param content the body, each line ending with {@code \n}; with {@code <<-} leading tabs are already stripped
 * @param expand whether variables in the body are expanded (the delimiter was not quoted)
 * @param stripTabs whether it was written {@code <<-}
 */
public record Heredoc(String name, String content, boolean expand, boolean stripTabs) {}
