package cn.township.workflow.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description of /api (served at /v3/api-docs to logged-in users), generated from the controllers. */
@Configuration
public class ApiDescription {

  @Bean
  OpenAPI townshipApi() {
    return new OpenAPI()
        .info(new Info().title("乡镇政务服务 /api").version("1")
            .description("受理、办件查询、转报回传、综合执法举报、重大行政决策公开与意见、督查数据、审计记录、流程迁移。"
                + "除办件查询、已公布决策和征求意见外均需 HTTP Basic 登录；错误以中文 JSON {status, message, field} 答复。"))
        .components(new Components().addSecuritySchemes("basic",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList("basic"));
  }
}
