package org.warmupbot.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON Schema editors use, {@code config/challenge-pack.schema.json}, agrees with the loader. */
final class PackSchemaTest {
  private static final Path SCHEMA = Path.of("..", "config", "challenge-pack.schema.json");
  private static final YAMLMapper YAML = new YAMLMapper();

  private static JsonSchema schema;

  @BeforeAll
  static void readSchema() throws Exception {
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  private static Set<ValidationMessage> validate(String yaml) throws Exception {
    JsonNode node = YAML.readTree(yaml);
    return schema.validate(node);
  }

  @Test
  void shippedPack_validatesAgainstTheSchema() throws Exception {
    String yaml = Files.readString(ShippedPackTest.CHALLENGES.resolve("warmup-mastery.yml"));

    assertThat(validate(yaml)).isEmpty();
  }

  @Test
  void shippedPack_pointsEditorsAtTheSchema() throws Exception {
    String yaml = Files.readString(ShippedPackTest.CHALLENGES.resolve("warmup-mastery.yml"));

    assertThat(yaml).startsWith("# yaml-language-server: $schema=../challenge-pack.schema.json\n");
  }

  @Test
  void samplePack_validatesAgainstTheSchema() throws Exception {
    assertThat(validate(PackYaml.VALID)).isEmpty();
  }

  @Test
  void schema_refusesWhatTheLoaderRefuses() throws Exception {
    assertThat(validate(PackYaml.replacing("    hint: It is b.", "    hnt: It is b."))).isNotEmpty();
    assertThat(validate(PackYaml.replacing("          label: A", "          label: " + "x".repeat(76)))).isNotEmpty();
    assertThat(validate(PackYaml.replacing("          correct: true", "          correct: false"))).isNotEmpty();
    assertThat(validate(PackYaml.replacing("          label: A", "          label: A\n          correct: true")))
        .isNotEmpty();
    assertThat(validate(PackYaml.replacing("  timeLimit: 2m", "  timeLimit: \"2:00\""))).isNotEmpty();
    assertThat(validate(PackYaml.replacing("  attempts: 2", "  attempts: 6"))).isNotEmpty();
    assertThat(validate(PackYaml.replacing("id: sample", "id: Sample"))).isNotEmpty();
    assertThat(validate(PackYaml.replacing("    difficulty: beginner", "    difficulty: hard"))).isNotEmpty();
  }
}
