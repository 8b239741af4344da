package dev.portico.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.util.List;
import java.util.Map;

/**
 * Compiles the schemas of one OpenAPI document with networknt's OpenAPI dialects: 3.0 ({@code nullable},
 * Draft 4 style {@code exclusiveMinimum}) or 3.1 (JSON Schema 2020-12 plus the OAS vocabulary). Each schema is
 * compiled at its place in the document, so {@code $ref: '#/components/schemas/Order'} resolves; nothing
 * outside the document is ever loaded (no files, no network).
 */
public final class OpenApiSchemas {
  private static final List<String> DOCUMENT_FIELDS = List.of("openapi", "info", "jsonSchemaDialect", "servers",
      "paths", "webhooks", "components", "security", "tags", "externalDocs");

  private final JsonSchemaFactory factory;
  private final String documentIri;

  /** @param documentIri an absolute IRI naming the document in messages and {@code $ref} resolution */
  public OpenApiSchemas(JsonNode document, String documentIri, boolean openApi31) {
    JsonMetaSchema dialect = documentKeywordsIgnored(openApi31 ? OpenApi31.getInstance() : OpenApi30.getInstance());
    String json = document.toString();
    this.documentIri = documentIri;
    this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
        .metaSchema(dialect)
        .defaultMetaSchemaIri(dialect.getIri())
        .schemaLoaders(loaders -> loaders
            .schemas(Map.of(documentIri, json))
            .add(DisallowSchemaLoader.getInstance())));
  }

  /**
   * The dialect, plus the document's own top-level fields as keywords that check nothing: the library
   * reads the document root as a schema on the way to a fragment and would warn about each of them.
   */
  private static JsonMetaSchema documentKeywordsIgnored(JsonMetaSchema dialect) {
    return JsonMetaSchema.builder(dialect)
        .keywords(DOCUMENT_FIELDS.stream().map(NonValidationKeyword::new).toList())
        .build();
  }

  /** The schema at {@code pointer}, with every keyword and {@code $ref} resolved now rather than on first use. */
  public JsonSchema compile(String pointer) {
    JsonSchema schema = factory.getSchema(SchemaLocation.of(documentIri + "#" + pointer), Schemas.CONFIG);
    schema.initializeValidators();
    return schema;
  }
}
