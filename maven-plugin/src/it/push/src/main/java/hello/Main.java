package hello;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println(new ObjectMapper().writeValueAsString(Map.of("hello", "world")));
    }
}
